/**
 * Step timings for the GPU check: the training step `fit` runs on `webgpu`
 * (lib/training/device_steps.ts, no read per step), timed in windows of
 * several steps that end with the one read a progress refresh would do, and
 * counted (GPU reads, dispatches, tfjs kernel calls) for one step.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  DeviceSteps,
  resolveMetrics,
  valueNames,
} from "../../lib/internals.ts";
import { buildModel, type ModelName } from "../perf/bench_step.ts";
import { median } from "../perf/bench.ts";
import {
  countDispatches,
  type Counter,
  countGpuReads,
  countKernels,
} from "./counters.ts";

/** One model's figures. */
export interface StepFigures {
  /** Model name as in tools/perf/bench_step.ts. */
  model: ModelName;
  /** Median ms per step over the timed windows. */
  msPerStep: number;
  /** Compute dispatches in one step (webgpu; 0 elsewhere). */
  dispatches: number;
  /** tfjs kernel calls in one step, gradients included. */
  kernels: number;
  /** GPU→CPU reads in one step (should be 0). */
  reads: number;
}

/** Steps per timed window (fewer if fewer are asked for): the median is over `steps / WINDOW` windows. */
export const WINDOW = 5;

/**
 * Times `name`'s training step on successive batches of `x`/`y`: `warmup`
 * steps (shader compilation), then windows of {@link WINDOW} steps, each
 * ended by one read of the running sums, so the GPU's work is included.
 */
export async function timeDeviceSteps(
  name: ModelName,
  x: tf.Tensor,
  y: tf.Tensor,
  batch: number,
  steps: number,
  warmup: number,
): Promise<StepFigures> {
  const model = buildModel(name);
  const compiled = model.compiled!;
  const metrics = resolveMetrics(compiled.metrics);
  const runner = new DeviceSteps(model, compiled, metrics, valueNames(metrics));
  const perEpoch = Math.floor(x.shape[0] / batch);
  let i = 0;
  const step = () =>
    tf.tidy(() => {
      const start = (i % perEpoch) * batch;
      i++;
      runner.step(tf.slice(x, start, batch), tf.slice(y, start, batch));
    });
  try {
    for (let s = 0; s < warmup; s++) step();
    await runner.read();
    const onWebgpu = tf.getBackend() === "webgpu";
    const counters: (Counter | undefined)[] = [
      onWebgpu ? countDispatches() : undefined,
      countKernels(),
      onWebgpu ? countGpuReads() : undefined,
    ];
    step();
    const [dispatches, kernels, reads] = counters.map((c) => c?.count() ?? 0);
    counters.forEach((c) => c?.stop());
    await runner.read();
    const windows: number[] = [];
    const size = Math.min(WINDOW, steps);
    for (let w = 0; w < Math.max(1, Math.round(steps / size)); w++) {
      const t0 = performance.now();
      for (let s = 0; s < size; s++) step();
      await runner.read();
      windows.push((performance.now() - t0) / size);
    }
    return {
      model: name,
      msPerStep: median(windows),
      dispatches,
      kernels,
      reads,
    };
  } finally {
    runner.dispose();
    model.compiled?.optimizer.dispose();
    tf.dispose(model.weights);
  }
}
