/**
 * The filter gradient of 3×3 stride-1 convolutions by Winograd's
 * F(3×3, 2×2) on wasm matches `cpu` within 1e-4 (odd and even sizes,
 * same/valid, 8 to 32 channels, the batch split between threads); the
 * `Conv2DBackpropFilter` kernel takes it for exactly those convolutions;
 * `Gᵀ·M·G` maps a unit `M` at each position to the taps it feeds.
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import assert from "node:assert/strict";
import {
  untransformGradient,
  winogradFilterGrad,
  winogradFilterGradApplies,
} from "../../lib/backend/wasm_kernels/winograd_filter_grad.ts";
import { convInfo } from "../../lib/backend/wasm_kernels/conv_geometry.ts";
import { f32, release } from "../../lib/backend/wasm_kernels/wasm_ops.ts";
import { data, maxRelDiff, runOn } from "./compare_backends.ts";
import { setUpBackends } from "./setup.ts";

await setUpBackends();
tf.env().set("PROD", true);

type Pad = "same" | "valid";

/** dW of `Σ conv(x, w)·r` for a fixed pseudo-random `r`. */
const filterGrad = (pad: Pad) => (x: tf.Tensor, w: tf.Tensor) => {
  const conv = (ww: tf.Tensor) =>
    tf.conv2d(x as tf.Tensor4D, ww as tf.Tensor4D, 1, pad);
  const shape = conv(w).shape;
  const r = tf.tensor(data(shape, 5), shape);
  return tf.grad((ww: tf.Tensor) => tf.sum(tf.mul(conv(ww), r)))(w);
};

Deno.test({
  name: "the Winograd filter gradient matches cpu",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const cases: [number[], number[], Pad][] = [
      [[2, 8, 8, 8], [3, 3, 8, 8], "same"],
      [[3, 7, 9, 12], [3, 3, 12, 16], "same"], // odd sizes
      [[2, 9, 7, 16], [3, 3, 16, 8], "valid"],
      [[2, 14, 14, 32], [3, 3, 32, 32], "same"],
    ];
    for (const [xs, ws, pad] of cases) {
      const inputs = [xs, ws].map((shape, i) => ({
        shape,
        values: data(shape, 11 + i),
      }));
      const want = await runOn("cpu", inputs, filterGrad(pad));
      const got = await runOn("wasm", inputs, filterGrad(pad));
      const diff = maxRelDiff(got, want);
      assert.ok(diff <= 1e-4, `${xs} ${ws} ${pad}: differs by ${diff}`);
    }
  },
});

Deno.test({
  name: "Conv2DBackpropFilter takes the Winograd path for 3×3 stride 1 only",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const info = (x: number[], w: number[], strides = 1) =>
      convInfo(x, w, { strides, pad: "same" });
    assert.ok(winogradFilterGradApplies(info([2, 8, 8, 16], [3, 3, 16, 32])));
    assert.ok(!winogradFilterGradApplies(info([2, 8, 8, 16], [5, 5, 16, 32])));
    assert.ok(
      !winogradFilterGradApplies(info([2, 8, 8, 16], [3, 3, 16, 32], 2)),
    );
    assert.ok(!winogradFilterGradApplies(info([2, 8, 8, 6], [3, 3, 6, 32])));
    assert.ok(!winogradFilterGradApplies(info([2, 8, 8, 16], [3, 3, 16, 12])));
    await tf.setBackend("wasm");
    const backend = tf.backend() as BackendWasm;
    const x = tf.tensor(data([3, 10, 10, 16], 1), [3, 10, 10, 16]);
    const dy = tf.tensor(data([3, 10, 10, 8], 2), [3, 10, 10, 8]);
    const attrs = {
      strides: 1,
      pad: "same" as const,
      filterShape: [3, 3, 16, 8],
    };
    const viaKernel = tf.engine().runKernel(
      "Conv2DBackpropFilter",
      { x, dy },
      attrs,
    ) as tf.Tensor;
    const direct = winogradFilterGrad({
      originals: new Map(),
      backend,
      x: x as unknown as tf.TensorInfo,
      dy: dy as unknown as tf.TensorInfo,
      info: convInfo(x.shape, attrs.filterShape, attrs),
    });
    assert.deepEqual(
      await viaKernel.data(),
      f32(backend, direct),
      "bit for bit: the same kernel",
    );
    release(backend, direct);
    tf.dispose([x, dy, viaKernel]);
    await tf.setBackend("cpu");
  },
});

Deno.test("untransformGradient: each position feeds the taps Gᵀ·e·G says", () => {
  const G = [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]];
  for (let a = 0; a < 4; a++) {
    for (let b = 0; b < 4; b++) {
      const m = new Float32Array(16);
      m[a * 4 + b] = 1;
      const dw = untransformGradient(m, 1, 1);
      for (let ky = 0; ky < 3; ky++) {
        for (let kx = 0; kx < 3; kx++) {
          // `+ 0` makes −0 (0 times a negative tap) compare as 0.
          assert.equal(
            dw[ky * 3 + kx] + 0,
            G[b][ky] * G[a][kx] + 0,
            `a${a} b${b}`,
          );
        }
      }
    }
  }
});
