/**
 * The depthwise gradients' fast paths on wasm match `cpu` within 1e-4: the
 * SIMD filter gradient (multiplier 1: full 4-channel vectors, the channels
 * past them, odd widths, strides, same/valid, 3×3 and 5×5) and the input
 * gradient through the flipped filter (stride 1). The filter gradient of
 * multiplier 1 runs on our kernel, its batch split with the helper thread;
 * multiplier 2 does not.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { helperJobsDone } from "../../lib/backend/simd/simd_helpers.ts";
import { wasmMemoryOf } from "../../lib/backend/simd/simd_module.ts";
import { data, gradsOf, maxRelDiff, runOn } from "./compare_backends.ts";
import { setUpBackends } from "./setup.ts";

const { wasmThreads } = await setUpBackends();
tf.env().set("PROD", true); // tfjs's debug checks off

const depthwise = (s: number, pad: "same" | "valid") =>
(
  x: tf.Tensor,
  w: tf.Tensor,
) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad);

Deno.test("depthwise gradients with multiplier 1 match cpu: 4-channel vectors and their remainder", async () => {
  const cases: [number[], number[]][] = [
    [[3, 11, 10, 6], [3, 3, 6, 1]], // one vector and two channels past it
    [[2, 13, 9, 16], [5, 5, 16, 1]], // four vectors, odd width
    [[2, 7, 7, 4], [5, 5, 4, 1]], // filter as wide as most of the image
  ];
  for (const [xShape, wShape] of cases) {
    for (const s of [1, 2]) {
      for (const pad of ["same", "valid"] as const) {
        const inputs = [xShape, wShape].map((shape, i) => ({
          shape,
          values: data(shape, 11 + i),
        }));
        const f = gradsOf(depthwise(s, pad));
        const want = await runOn("cpu", inputs, f);
        const got = await runOn("wasm", inputs, f);
        const diff = maxRelDiff(got, want);
        const name = `x ${xShape} w ${wShape} s${s} ${pad}`;
        assert.ok(diff <= 1e-4, `${name}: wasm differs from cpu by ${diff}`);
        assert.ok(
          want.slice(1).every((g) => g.some((v) => v !== 0)),
          `${name}: zero gradient on cpu`,
        );
      }
    }
  }
});

/** Helper jobs run by the filter gradient of one depthwise convolution. */
async function filterGradJobs(multiplier: number): Promise<number> {
  const memory = wasmMemoryOf(tf.backend() as never);
  const count = () => helperJobsDone(memory).reduce((a, b) => a + b, 0);
  const x = tf.ones([4, 8, 8, 8]);
  const dy = tf.ones([4, 6, 6, 8 * multiplier]); // "valid": no padding job
  const before = count();
  const dw = tf.engine().runKernel(
    "DepthwiseConv2dNativeBackpropFilter",
    { x, dy },
    { strides: 1, pad: "valid", filterShape: [3, 3, 8, multiplier] },
  ) as tf.Tensor;
  const values = await dw.data();
  const jobs = count() - before;
  tf.dispose([x, dy, dw]);
  // Every tap sees 6×6 pixels of each of the four images.
  assert.ok(values.every((v) => v === 4 * 36), `values, m${multiplier}`);
  return jobs;
}

Deno.test({
  name: "the depthwise filter gradient of multiplier 1 runs our kernel",
  ignore: wasmThreads < 2, // one thread: no helper to count
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await tf.setBackend("wasm");
    assert.equal(await filterGradJobs(1), 1, "multiplier 1: the helper's part");
    assert.equal(await filterGradJobs(2), 0, "multiplier 2: the general path");
    await tf.setBackend("cpu");
  },
});
