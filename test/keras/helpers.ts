/**
 * Shared test setup: the tfjs `cpu` backend (it has every gradient kernel)
 * and fresh Keras name counters.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { clearSession } from "../../lib/keras/naming.ts";

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
