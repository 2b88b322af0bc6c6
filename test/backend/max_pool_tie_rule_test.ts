/**
 * The max-pool tie rule per backend (documented in lib/backend/mod.ts): with
 * equal maxima, cpu and wasm route the gradient to the first position in the
 * window, webgpu to the last.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { setUpBackends } from "./setup.ts";

const { webgpu: probe } = await setUpBackends();

async function tiedGradient(backend: string): Promise<number[]> {
  await tf.setBackend(backend);
  const x = tf.tensor4d([1, 1, 1, 1], [1, 2, 2, 1]);
  const g = tf.grad((t: tf.Tensor) =>
    tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, "valid"))
  )(x);
  const out = Array.from(await g.data());
  tf.dispose([x, g]);
  return out;
}

Deno.test("cpu and wasm send a tied window's gradient to its first maximum", async () => {
  assert.deepEqual(await tiedGradient("cpu"), [1, 0, 0, 0]);
  assert.deepEqual(await tiedGradient("wasm"), [1, 0, 0, 0]);
});

Deno.test({
  name: "webgpu sends a tied window's gradient to its last maximum",
  ignore: !probe.found,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    assert.deepEqual(await tiedGradient("webgpu"), [0, 0, 0, 1]);
  },
});
