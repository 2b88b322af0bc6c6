/**
 * 3×3 stride-1 convolutions by Winograd's F(2×2, 3×3) on wasm: the kernel
 * matches `cpu` within 1e-4 (odd and even sizes, same/valid, bias and ReLU,
 * output channels not a multiple of 8, 8 to 32 input channels, the batch
 * split between threads), the filter transform is `G·g·Gᵀ`, `convForward`
 * takes this path for exactly the 3×3 stride-1 convolutions of ≥ 8 input
 * channels in fours, and the gradients through it match `cpu`.
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import assert from "node:assert/strict";
import {
  transformFilter,
  winogradApplies,
  winogradConv,
} from "../../lib/backend/wasm_kernels/winograd.ts";
import { convForward } from "../../lib/backend/wasm_kernels/conv_forward.ts";
import {
  convInfo,
  geometryOf,
} from "../../lib/backend/wasm_kernels/conv_geometry.ts";
import { f32, release } from "../../lib/backend/wasm_kernels/wasm_ops.ts";
import { data, gradsOf, maxRelDiff, runOn } from "./compare_backends.ts";
import { setUpBackends } from "./setup.ts";

await setUpBackends();
tf.env().set("PROD", true);

type Pad = "same" | "valid";
const CASES: [number[], number[], Pad][] = [
  [[2, 8, 8, 8], [3, 3, 8, 8], "same"],
  [[3, 7, 9, 12], [3, 3, 12, 5], "same"], // odd sizes, 5 output channels
  [[2, 9, 7, 16], [3, 3, 16, 20], "valid"],
  [[4, 14, 14, 32], [3, 3, 32, 32], "same"],
];

const info = (tensor: tf.Tensor): tf.TensorInfo =>
  tensor as unknown as tf.TensorInfo;

Deno.test({
  name: "winogradConv matches cpu's conv2d + bias + ReLU",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    for (const [xs, ws, pad] of CASES) {
      const inputs = [xs, ws, [ws[3]]].map((shape, i) => ({
        shape,
        values: data(shape, 21 + i),
      }));
      const [want] = await runOn(
        "cpu",
        inputs,
        (x, w, b) =>
          tf.relu(
            tf.add(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, pad), b),
          ),
      );
      await tf.setBackend("wasm");
      const backend = tf.backend() as BackendWasm;
      const [x, w, b] = inputs.map((i) => tf.tensor(i.values, i.shape));
      const g = geometryOf(info(x), convInfo(xs, ws, { strides: 1, pad }));
      assert.ok(winogradApplies(g), `${xs} ${ws}: the Winograd path applies`);
      const out = winogradConv(backend, info(x), info(w), info(b), g, true)!;
      const got = Float32Array.from(f32(backend, out));
      const diff = maxRelDiff([got], [want]);
      assert.ok(diff <= 1e-4, `${xs} * ${ws} ${pad}: differs by ${diff}`);
      assert.ok(want.some((v) => v > 0), "some outputs survive ReLU");
      release(backend, out);
      tf.dispose([x, w, b]);
      await tf.setBackend("cpu");
    }
  },
});

Deno.test("transformFilter is G·g·Gᵀ, position a·4 + b, output channels padded", () => {
  const G = [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]];
  const [cin, cout, cop] = [2, 3, 8];
  const w = data([3, 3, cin, cout], 5);
  const v = transformFilter(w, cin, cout, cop);
  assert.equal(v.length, 16 * cin * cop);
  for (let ci = 0; ci < cin; ci++) {
    for (let co = 0; co < cop; co++) {
      for (let a = 0; a < 4; a++) {
        for (let b = 0; b < 4; b++) {
          let want = 0;
          for (let ky = 0; ky < 3 && co < cout; ky++) {
            for (let kx = 0; kx < 3; kx++) {
              want += G[b][ky] * w[((ky * 3 + kx) * cin + ci) * cout + co] *
                G[a][kx];
            }
          }
          const got = v[((a * 4 + b) * cin + ci) * cop + co];
          assert.ok(Math.abs(got - want) < 1e-5, `a${a} b${b} ci${ci} co${co}`);
        }
      }
    }
  }
});

Deno.test("winogradApplies: 3×3, stride 1, ≥ 8 input channels in fours only", () => {
  const g = (x: number[], w: number[], strides = 1) =>
    geometryOf(
      { shape: x } as tf.TensorInfo,
      convInfo(x, w, { strides, pad: "same" }),
    );
  assert.ok(winogradApplies(g([1, 8, 8, 16], [3, 3, 16, 4])));
  assert.ok(!winogradApplies(g([1, 8, 8, 16], [5, 5, 16, 4])), "5×5");
  assert.ok(!winogradApplies(g([1, 8, 8, 16], [3, 3, 16, 4], 2)), "stride 2");
  assert.ok(!winogradApplies(g([1, 8, 8, 6], [3, 3, 6, 4])), "6 channels");
  assert.ok(!winogradApplies(g([1, 8, 8, 4], [3, 3, 4, 4])), "4 channels");
});

Deno.test({
  name:
    "convForward runs the Winograd kernel for a 3×3 stride-1 convolution, and its gradients match cpu",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await tf.setBackend("wasm");
    const backend = tf.backend() as BackendWasm;
    const x = tf.tensor(data([2, 10, 10, 16], 3), [2, 10, 10, 16]);
    const w = tf.tensor(data([3, 3, 16, 8], 4), [3, 3, 16, 8]);
    const attrs = { strides: 1, pad: "same" as const };
    const g = geometryOf(info(x), convInfo(x.shape, w.shape, attrs));
    const viaForward = convForward(
      backend,
      info(x),
      info(w),
      undefined,
      attrs,
    )!;
    const viaWinograd = winogradConv(
      backend,
      info(x),
      info(w),
      undefined,
      g,
      false,
    )!;
    assert.deepEqual(
      f32(backend, viaForward),
      f32(backend, viaWinograd),
      "bit for bit: the same kernel",
    );
    release(backend, viaForward, viaWinograd);
    tf.dispose([x, w]);
    await tf.setBackend("cpu");
    for (const pad of ["same", "valid"] as const) {
      const inputs = [[2, 9, 8, 16], [3, 3, 16, 12]].map((shape, i) => ({
        shape,
        values: data(shape, 31 + i),
      }));
      const f = gradsOf((a, b) =>
        tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, pad)
      );
      const want = await runOn("cpu", inputs, f);
      const got = await runOn("wasm", inputs, f);
      const diff = maxRelDiff(got, want);
      assert.ok(diff <= 1e-4, `gradients, ${pad}: differ by ${diff}`);
    }
  },
});
