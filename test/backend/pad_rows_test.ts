/**
 * `padRows` (our SIMD `padImages` kernel, the batch split with the helper
 * thread) gives what `tf.pad` gives: the image in place and zeros around it,
 * for asymmetric and zero paddings, odd channel counts and one or several
 * images, also where the output reuses heap memory full of NaNs; negative
 * paddings are refused with a message that names them.
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import assert from "node:assert/strict";
import { padRows } from "../../lib/backend/wasm_kernels/pad_rows.ts";
import { f32, release } from "../../lib/backend/wasm_kernels/wasm_ops.ts";
import { data } from "./compare_backends.ts";
import { setUpBackends } from "./setup.ts";

await setUpBackends();

Deno.test({
  name: "padRows matches tf.pad, border zeroed over dirty memory",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await tf.setBackend("wasm");
    const backend = tf.backend() as BackendWasm;
    const cases: [number[], number, number, number, number][] = [
      [[5, 7, 6, 3], 1, 2, 0, 3],
      [[1, 4, 4, 16], 2, 2, 2, 2],
      [[4, 3, 5, 8], 0, 0, 0, 0],
      [[3, 9, 2, 1], 0, 4, 1, 0],
    ];
    for (const [shape, top, bottom, left, right] of cases) {
      const x = tf.tensor(data(shape, 3), shape);
      // Freed NaNs the output's allocation may land on.
      const [n, h, w, c] = shape;
      const dirty = tf.fill([n, h + top + bottom, w + left + right, c], NaN);
      await dirty.data();
      dirty.dispose();
      const out = padRows(
        backend,
        x as unknown as tf.TensorInfo,
        top,
        bottom,
        left,
        right,
      );
      const got = Array.from(f32(backend, out));
      const want = Array.from(
        await tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]).data(),
      );
      assert.deepEqual(out.shape, [n, h + top + bottom, w + left + right, c]);
      assert.deepEqual(
        got,
        want,
        `${shape} padded ${[top, bottom, left, right]}`,
      );
      release(backend, out);
      x.dispose();
    }
    const x = tf.ones([1, 2, 2, 1]);
    assert.throws(
      () => padRows(backend, x as unknown as tf.TensorInfo, 0, -1, 0, 0),
      /paddings ≥ 0, got top 0, bottom -1/,
    );
    x.dispose();
    await tf.setBackend("cpu");
  },
});
