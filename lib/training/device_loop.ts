/**
 * The training epoch `fit` runs on a GPU backend (`webgpu`): nothing waits on
 * the GPU per batch. The running sums behind Keras's means, the sample count
 * and the first batch whose loss was not finite live in one small tensor on
 * the device; it is read back only when a progress line is due, at an
 * interrupt and at the end of the epoch. The NaN guard is on the device too:
 * once a loss is NaN/Inf every later update of the epoch is masked to zero,
 * so the weights stay those before the bad batch (as the per-batch path
 * guarantees) and {@link NaNLossError} names the same epoch and batch.
 *
 * wasm and cpu keep the per-batch path in `fit.ts` (a read costs nothing
 * there, and their results stay bit-for-bit those of earlier releases).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { NaNLossError, type StoppableModel } from "./callbacks.ts";
import type { TrainingCallback } from "./callbacks.ts";
import { checkInterrupt, interruptPending } from "../host/interrupt.ts";
import {
  batchValues,
  checkEvaluationInterrupt,
  type EvaluationData,
  meanLogs,
  valueNames,
  yieldToEventLoop,
} from "./loop.ts";
import { type DeviceReading, DeviceSteps } from "./device_steps.ts";
import type { ResolvedMetric } from "./metrics.ts";
import type { ProgressBar } from "../host/progbar.ts";
import type { CompiledState, Logs } from "../core/types.ts";

/**
 * Whether `fit` should run its epochs with {@link deviceEpoch}: on `webgpu`,
 * unless a callback wants per-batch logs (then every batch is read anyway,
 * and the per-batch path keeps Keras's exact callback order).
 */
export function useDeviceLoop(callbacks: readonly TrainingCallback[]): boolean {
  return tf.getBackend() === "webgpu" &&
    !callbacks.some((c) => typeof c.onBatchEnd === "function");
}

/** Everything one device-side epoch needs. */
export interface DeviceEpoch {
  /** The model being trained. */
  model: StoppableModel;
  /** Its compiled loss and optimizer. */
  compiled: CompiledState;
  /** Resolved metrics, in compile order. */
  metrics: readonly ResolvedMetric[];
  /** Value names (`loss`, then the metrics), as the logs use them. */
  names: readonly string[];
  /** Training inputs and targets. */
  x: tf.Tensor;
  /** Training targets. */
  y: tf.Tensor;
  /** This epoch's sample order, or none (no shuffling). */
  order: Int32Array | undefined;
  /** Samples per batch. */
  batchSize: number;
  /** Batches in the epoch. */
  steps: number;
  /** 0-based epoch, for the NaN error. */
  epoch: number;
  /** The progress bar, if progress is shown. */
  bar: ProgressBar | undefined;
  /** Text appended to a NaN error. */
  nanHint: string;
  /** The interrupt message after `batch` (0-based) completed batches. */
  interruptMessage: (batch: number) => string;
  /** Called once with the first batch's gradients (missing-gradient warning). */
  onFirstGradients: (grads: tf.NamedTensorMap) => void;
}

/**
 * Runs one epoch without a per-batch GPU→CPU read and returns the epoch's
 * logs (Keras's running means). Throws {@link NaNLossError} on an invalid
 * loss, after showing the line up to that batch, as the per-batch path does.
 */
export async function deviceEpoch(e: DeviceEpoch): Promise<Logs> {
  const n = e.x.shape[0];
  const steps = new DeviceSteps(e.model, e.compiled, e.metrics, e.names);
  const orderT = e.order ? tf.tensor1d(e.order, "int32") : undefined;
  const failIfBad = async (seen: DeviceReading) => {
    if (seen.bad < 0) return;
    await e.bar?.update(seen.bad + 1, seen.logs, true);
    throw new NaNLossError(e.epoch, seen.bad, seen.logs.loss, e.nanHint);
  };
  try {
    for (let batch = 0; batch < e.steps; batch++) {
      const start = batch * e.batchSize;
      const size = Math.min(e.batchSize, n - start);
      tf.tidy(() => {
        let xb: tf.Tensor, yb: tf.Tensor;
        if (orderT) {
          // The epoch's order was uploaded once; a batch's indices are a slice of it.
          const idx = tf.slice(orderT, start, size);
          xb = tf.gather(e.x, idx);
          yb = tf.gather(e.y, idx);
        } else {
          xb = tf.slice(e.x, start, size);
          yb = tf.slice(e.y, start, size);
        }
        steps.step(xb, yb, batch === 0 ? e.onFirstGradients : undefined);
      });
      const last = batch + 1 === e.steps;
      if (e.bar?.due(batch + 1, false) && !last) {
        const seen = await steps.read();
        await failIfBad(seen);
        await e.bar.update(batch + 1, seen.logs, false);
      }
      await yieldToEventLoop();
      if (interruptPending()) {
        const seen = await steps.read();
        await failIfBad(seen);
        await e.bar?.update(batch + 1, seen.logs, true);
        checkInterrupt(e.interruptMessage(batch));
      }
    }
    const seen = await steps.read();
    await failIfBad(seen);
    return seen.logs;
  } finally {
    steps.dispose();
    orderT?.dispose();
  }
}

/**
 * `evaluatePass` (loop.ts) without a per-batch read, for `webgpu`: the weighted
 * sums stay on the device and are read when `due(step)` says a progress line
 * would print (then `onBatch` gets the logs) and once at the end.
 */
export async function deviceEvaluatePass(
  data: EvaluationData,
  onBatch?: (batch: number, logs: Logs) => Promise<void>,
  prefix = "",
  due: (step: number) => boolean = () => onBatch !== undefined,
): Promise<Logs> {
  const names = valueNames(data.metrics);
  const n = data.x.shape[0];
  let sums = tf.zeros([names.length]);
  let count = 0;
  const read = async (): Promise<Logs> =>
    meanLogs(names, await sums.data(), count, prefix);
  try {
    for (
      let start = 0, batch = 0;
      start < n;
      start += data.batchSize, batch++
    ) {
      const size = Math.min(data.batchSize, n - start);
      const next = tf.tidy(() =>
        tf.add(sums, tf.mul(batchValues(data, start, size), size))
      );
      sums.dispose();
      sums = next;
      count += size;
      if (onBatch && start + size < n && due(batch + 1)) {
        await onBatch(batch, await read());
      }
      await yieldToEventLoop();
      checkEvaluationInterrupt(prefix, batch);
    }
    return await read();
  } finally {
    sums.dispose();
  }
}
