/**
 * Test helper: trains a course model for a few steps, exactly as `fit()` does
 * for each batch, from identical weights and data on a given backend, and
 * returns the losses and final weights.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { buildModel, fitStep, type ModelName } from "../../tools/bench_step.ts";
import { data } from "./compare_backends.ts";

/** Losses per step and every final weight (trainable and BatchNorm statistics). */
export interface TrainResult {
  losses: number[];
  weights: Float32Array[];
}

/** Initial weights of `name` as built on `cpu` (the course's random initialisers). */
export async function initialWeights(name: ModelName): Promise<Float32Array[]> {
  await tf.setBackend("cpu");
  const model = buildModel(name);
  const ws = await Promise.all(
    model.weights.map(async (v) => (await v.data()) as Float32Array),
  );
  tf.dispose(model.weights);
  return ws;
}

/** Runs `steps` training steps (SGD, learning rate 0.1) on `backend`. */
export async function trainOn(
  backend: string,
  name: ModelName,
  weights: Float32Array[],
  batch: number,
  steps: number,
): Promise<TrainResult> {
  if (!(await tf.setBackend(backend))) {
    throw new Error(`backend ${backend} did not start`);
  }
  const model = buildModel(name);
  model.weights.forEach((v, i) => v.assign(tf.tensor(weights[i], v.shape)));
  const x = tf.tensor(data([batch, 28, 28, 1], 3), [batch, 28, 28, 1]);
  const y = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => (i * 7) % 10),
    "int32",
  );
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    losses.push((await fitStep(model, x, y))[0]);
  }
  const out = await Promise.all(
    model.weights.map(async (v) => (await v.data()) as Float32Array),
  );
  tf.dispose([x, y, ...model.weights]);
  model.compiled?.optimizer.dispose();
  return { losses, weights: out };
}
