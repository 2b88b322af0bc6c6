/**
 * `aᵀ · b` with few columns of `b` (a dense layer's weight gradient) runs our
 * SIMD kernel on wasm (`wasm_kernels/matmul.ts`) and matches `cpu`: one to
 * twelve columns, row counts with and without a leftover of the kernel's
 * 4-row blocks, split between this thread and the SIMD helper; wider `b`
 * keeps XNNPACK's path, with the same values.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { data, maxRelDiff, runOn } from "./compare_backends.ts";
import { setUpBackends } from "./setup.ts";

await setUpBackends();

Deno.test({
  name: "aᵀ·b on wasm matches cpu for narrow and wide b",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const cases = [
      { k: 37, m: 1003, n: 10 },
      { k: 256, m: 64, n: 1 },
      { k: 5, m: 130, n: 12 },
      { k: 9, m: 67, n: 7 },
      { k: 16, m: 200, n: 13 }, // wider than the kernel: XNNPACK
    ];
    for (const [i, { k, m, n }] of cases.entries()) {
      const inputs = [
        { shape: [k, m], values: data([k, m], 80 + i) },
        { shape: [k, n], values: data([k, n], 90 + i) },
      ];
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, true, false);
      const want = await runOn("cpu", inputs, f);
      const got = await runOn("wasm", inputs, f);
      const diff = maxRelDiff(got, want);
      assert.ok(diff <= 1e-5, `k ${k}, m ${m}, n ${n}: off by ${diff}`);
    }
  },
});
