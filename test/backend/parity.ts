/**
 * Test helper: trains a course model for a few steps, exactly as `fit()` does
 * for each batch (on `webgpu`, its device-side step), from identical weights and data on a given backend, and
 * returns the losses and final weights.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  buildModel,
  fitStep,
  type ModelName,
} from "../../tools/perf/bench_step.ts";
import { data } from "./compare_backends.ts";
import { DeviceSteps } from "../../lib/training/device_steps.ts";
import { valueNames } from "../../lib/training/loop.ts";
import { resolveMetrics } from "../../lib/training/metrics.ts";
import { setRandomSeed } from "../../lib/api.ts";

/**
 * The initialisers' seed. Fixed so that every run compares the same weights:
 * from some random starts (about 2 in 140 for LeNet+BN at batch 4) a BatchNorm
 * channel with a tiny variance amplifies the cpu reference's float32 rounding
 * (our fused kernel accumulates in float64) past 1e-5 in six steps, and a CI
 * run once drew one past 1e-4. A broken kernel is off by far more, from any
 * start.
 */
export const PARITY_SEED = 20261202;

/** Losses per step and every final weight (trainable and BatchNorm statistics). */
export interface TrainResult {
  losses: number[];
  weights: Float32Array[];
}

/** Initial weights of `name` as built on `cpu` (the course's random initialisers, seeded with {@link PARITY_SEED}). */
export async function initialWeights(name: ModelName): Promise<Float32Array[]> {
  await tf.setBackend("cpu");
  setRandomSeed(PARITY_SEED);
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
  if (backend === "webgpu") {
    // fit's GPU path: the device-side step; each loss from the running sums.
    const compiled = model.compiled!;
    const metrics = resolveMetrics(compiled.metrics);
    const runner = new DeviceSteps(
      model,
      compiled,
      metrics,
      valueNames(metrics),
    );
    let before = 0;
    for (let s = 0; s < steps; s++) {
      runner.step(x, y);
      const total = (await runner.read()).logs.loss * (s + 1);
      losses.push(total - before);
      before = total;
    }
    runner.dispose();
  } else {
    for (let s = 0; s < steps; s++) {
      losses.push((await fitStep(model, x, y))[0]);
    }
  }
  const out = await Promise.all(
    model.weights.map(async (v) => (await v.data()) as Float32Array),
  );
  tf.dispose([x, y, ...model.weights]);
  model.compiled?.optimizer.dispose();
  return { losses, weights: out };
}
