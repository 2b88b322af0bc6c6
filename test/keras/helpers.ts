/**
 * Shared test setup: the tfjs `cpu` backend (it has every gradient kernel)
 * and fresh Keras name counters; a save/load round trip.
 *
 * @module
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { clearSession } from "../../lib/keras/naming.ts";
import { loadModel } from "../../lib/keras/load.ts";
import type { Model } from "../../lib/keras/model.ts";

/** Selects the cpu backend once and resets Keras names. */
export async function setup(): Promise<void> {
  if (tf.getBackend() !== "cpu") await tf.setBackend("cpu");
  await tf.ready();
  clearSession();
}

/** Runs `fn` and returns how many tensors it left allocated. */
export async function tensorDelta(
  fn: () => unknown | Promise<unknown>,
): Promise<number> {
  const before = tf.memory().numTensors;
  await fn();
  return tf.memory().numTensors - before;
}

/** Saves `model` to a temporary folder and loads it back (the folder is removed). */
export async function saveAndLoad(model: Model): Promise<Model> {
  const dir = await Deno.makeTempDir({ prefix: "keras_round_trip_" });
  try {
    await model.save(dir);
    return await loadModel(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Asserts that `a` and `b` predict exactly the same for `x` (inference mode). */
export async function samePredictions(
  a: Model,
  b: Model,
  x: tf.Tensor,
): Promise<void> {
  const [ya, yb] = tf.tidy(() => [a.forward(x, false), b.forward(x, false)]);
  assert.deepEqual(Array.from(await yb.data()), Array.from(await ya.data()));
  tf.dispose([ya, yb]);
}
