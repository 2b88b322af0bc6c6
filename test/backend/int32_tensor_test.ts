/**
 * `int32FromBytes` (MNIST's pixels straight into the wasm heap) gives the
 * tensor `tf.tensor(Int32Array.from(bytes))` gives, on wasm and on cpu, and
 * refuses bytes that do not fill the shape.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { setUpBackends } from "./setup.ts";
import { int32FromBytes } from "../../lib/backend/int32_tensor.ts";

await setUpBackends();

Deno.test("int32FromBytes equals the Int32Array path on wasm and cpu", async () => {
  const bytes = Uint8Array.from(
    { length: 2 * 3 * 5 },
    (_, i) => (i * 53) % 256,
  );
  bytes[0] = 255;
  for (const backend of ["wasm", "cpu"]) {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    const got = int32FromBytes(bytes, [2, 3, 5]);
    const want = tf.tensor(Int32Array.from(bytes), [2, 3, 5], "int32");
    assert.deepEqual(got.dtype, "int32");
    assert.deepEqual(got.shape, [2, 3, 5]);
    assert.deepEqual(
      Array.from(await got.data()),
      Array.from(await want.data()),
    );
    // Engine-tracked like any tensor: disposing frees it.
    tf.dispose([got, want]);
    assert.deepEqual(tf.memory().numTensors, before);
  }
  await tf.setBackend("cpu");
});

Deno.test("int32FromBytes refuses bytes that do not fill the shape", () => {
  let message = "";
  try {
    int32FromBytes(new Uint8Array(5), [2, 3]);
  } catch (e) {
    message = (e as Error).message;
  }
  assert(
    message.includes("5 bytes do not fill shape [2, 3] (6 values)"),
    message,
  );
});
