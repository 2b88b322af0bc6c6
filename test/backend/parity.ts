/**
 * Test helper: trains a benchmark model for a few SGD steps from identical
 * weights and data on a given backend and returns the losses and final weights.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  buildModel,
  type ModelName,
  sgdStep,
} from "../../tools/bench_models.ts";
import { data } from "./compare_backends.ts";

/** Losses per step and every final weight (trainable and BatchNorm statistics). */
export interface TrainResult {
  losses: number[];
  weights: Float32Array[];
}

/** Initial weights of `name` as built on `cpu` (tfjs-layers' random initialisers). */
export async function initialWeights(name: ModelName): Promise<Float32Array[]> {
  await tf.setBackend("cpu");
  tf.randomUniform([1], 0, 1, "float32", 1).dispose();
  const model = buildModel(name);
  const ws = await Promise.all(
    model.allVariables.map(async (v) => (await v.data()) as Float32Array),
  );
  tf.dispose(model.allVariables);
  return ws;
}

/** Runs `steps` SGD steps (learning rate 0.1) on `backend`. */
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
  model.allVariables.forEach((v, i) =>
    v.assign(tf.tensor(weights[i], v.shape))
  );
  const x = tf.tensor(data([batch, 28, 28, 1], 3), [batch, 28, 28, 1]);
  const y = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => (i * 7) % 10),
    "int32",
  );
  const opt = tf.train.sgd(0.1);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const loss = sgdStep(model, opt, x, y);
    losses.push((await loss.data())[0]);
    loss.dispose();
  }
  const out = await Promise.all(
    model.allVariables.map(async (v) => (await v.data()) as Float32Array),
  );
  tf.dispose([x, y, ...model.allVariables]);
  opt.dispose();
  return { losses, weights: out };
}
