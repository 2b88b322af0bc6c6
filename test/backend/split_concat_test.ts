/**
 * `Concat` and `SplitV` on wasm (`wasm_kernels/split_concat.ts`, rows copied
 * by our SIMD kernel) give exactly cpu's values: float32, int32 and bool,
 * rows of a few bytes (the kernel's 16-byte tail), of over a kilobyte (one
 * bulk copy each), tensors over a megabyte (rows split with the SIMD
 * helper), every axis, and empty pieces.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { setUpBackends } from "./setup.ts";

await setUpBackends();

/** Values of `concat` then `split` back of `shapes` along `axis`, on `backend`. */
async function roundTrip(
  backend: string,
  shapes: number[][],
  axis: number,
  dtype: "float32" | "int32" | "bool",
): Promise<number[][]> {
  await tf.setBackend(backend);
  const parts = shapes.map((shape, i) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: n }, (_, j) => (j * 7 + i * 13) % 11);
    return dtype === "bool"
      ? tf.tensor(values.map((v) => v > 5), shape, "bool")
      : tf.tensor(values, shape, dtype);
  });
  const whole = tf.concat(parts, axis);
  const back = tf.split(whole, shapes.map((s) => s[axis]), axis);
  const out = [
    Array.from(await whole.data()),
    ...(await Promise.all(back.map(async (t) => Array.from(await t.data())))),
  ];
  tf.dispose([...parts, whole, ...back]);
  return out;
}

Deno.test({
  name:
    "Concat and SplitV on wasm give cpu's values for every dtype, width and axis",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const cases: [number[][], number][] = [
      // mini-Inception's channel concatenation, smaller batch: 3.5 MB.
      [[[8, 28, 28, 32], [8, 28, 28, 32], [8, 28, 28, 32], [8, 28, 28, 16]], 3],
      [[[2, 3, 5], [2, 3, 3], [2, 3, 1]], 2], // rows of 20, 12 and 4 bytes
      [[[4, 300], [4, 7]], 1], // a row over 1 KiB
      [[[2, 3], [0, 3], [5, 3]], 0], // an empty piece
      [[[3, 2, 13], [3, 4, 13]], 1],
    ];
    for (const [shapes, axis] of cases) {
      for (const dtype of ["float32", "int32", "bool"] as const) {
        const want = await roundTrip("cpu", shapes, axis, dtype);
        const got = await roundTrip("wasm", shapes, axis, dtype);
        assert.deepEqual(
          got,
          want,
          `${JSON.stringify(shapes)} on axis ${axis}, ${dtype}`,
        );
      }
    }
  },
});
