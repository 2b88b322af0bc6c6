/**
 * The pieces of the training loop: shuffling, one training step, a full
 * evaluation pass and Keras's running means.
 *
 * @module
 */
import { checkInterrupt } from "../host/interrupt.ts";
import { discardAbandonedTape } from "./recover.ts";
import { withoutInputGradient } from "../core/input_gradient.ts";
import { withLogits } from "../core/logits.ts";
import * as tf from "@tensorflow/tfjs";
import type { ResolvedMetric } from "./metrics.ts";
import type { Logs, LossFn, TrainableModel } from "../core/types.ts";

/** Batches per epoch (the last one may be partial, as in Keras). */
export function stepsPerEpoch(samples: number, batchSize: number): number {
  return Math.ceil(samples / batchSize);
}

/** A Fisher–Yates permutation of `0..n-1` drawn from `rng`. */
export function permutation(n: number, rng: () => number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = out[i];
    out[i] = out[j];
    out[j] = tmp;
  }
  return out;
}

/**
 * Lets the event loop run (Jupyter display messages, the SIGINT listener,
 * timers) between batches: a macrotask, because awaiting a resolved promise
 * would not. A message to a fresh channel rather than `setTimeout(0)`: under
 * Deno a zero timer fires after ~2 ms (timer granularity), 5 % of a LeNet
 * batch; the message takes ~0.07 ms, still through the event loop.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(undefined);
  });
}

/**
 * Keras's `Mean` metrics: a running mean over the epoch where each batch
 * counts as many times as it has samples.
 */
export class RunningMeans {
  readonly names: readonly string[];
  #sums: number[];
  #count = 0;

  /** One mean per name, in the order values will be given. */
  constructor(names: readonly string[]) {
    this.names = names;
    this.#sums = names.map(() => 0);
  }

  /** Adds one batch's means, weighted by its size. */
  add(values: ArrayLike<number>, batchSize: number): void {
    for (let i = 0; i < this.names.length; i++) {
      this.#sums[i] += values[i] * batchSize;
    }
    this.#count += batchSize;
  }

  /** Current means with keys sorted like Keras's logs (optionally prefixed, e.g. `val_`). */
  logs(prefix = ""): Logs {
    return meanLogs(this.names, this.#sums, this.#count, prefix);
  }
}

/**
 * Keras's logs from weighted sums: each name's sum over `count` samples (0
 * before any), keys prefixed (e.g. `val_`) and sorted as Keras sorts them.
 */
export function meanLogs(
  names: readonly string[],
  sums: ArrayLike<number>,
  count: number,
  prefix: string,
): Logs {
  const entries = names.map((name, i): [string, number] => [
    prefix + name,
    count === 0 ? 0 : sums[i] / count,
  ]);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/** Names of the values a step returns: the loss first, then the metrics. */
export function valueNames(metrics: readonly ResolvedMetric[]): string[] {
  return ["loss", ...metrics.map((m) => m.name)];
}

/** Result of {@link trainStep}: the batch's loss and metric means, and the gradients to apply. */
export type StepResult = {
  /** `[loss, ...metrics]` for the batch. */
  values: tf.Tensor1D;
  /** Gradients by variable name (variables without one are absent). */
  grads: tf.NamedTensorMap;
};

/**
 * Forward and backward pass on one batch. The gradients are returned, not
 * applied, so the caller can refuse a NaN step and so an interrupt during
 * this (synchronous) computation never leaves half-updated weights.
 */
export function trainStep(
  model: TrainableModel,
  loss: LossFn,
  metrics: readonly ResolvedMetric[],
  xb: tf.Tensor,
  yb: tf.Tensor,
): StepResult {
  try {
    return tf.tidy(() => {
      let metricValues: tf.Scalar[] = [];
      const { value, grads } = withoutInputGradient(
        xb,
        () =>
          withLogits(() =>
            tf.variableGrads(() => {
              const yPred = model.forward(xb, true);
              const l = loss(yb, yPred);
              // Metrics reuse this forward pass; kept so the gradient scope keeps them.
              metricValues = metrics.map((m) => tf.keep(m.fn(yb, yPred)));
              return l;
            }, model.trainableVariables)
          ),
      );
      const values = tf.stack([value, ...metricValues]) as tf.Tensor1D;
      for (const t of metricValues) t.dispose();
      return { values, grads };
    });
  } catch (e) {
    discardAbandonedTape();
    throw e;
  }
}

/**
 * Finishes a training step as `fit` does for each batch: reads back the
 * loss and metrics, applies the gradients only when the loss is finite (a
 * NaN/Inf batch leaves the weights as they were; the caller decides whether
 * that stops training), and frees the step's tensors. Returns
 * `[loss, ...metrics]`.
 */
export async function applyStep(
  optimizer: tf.Optimizer,
  step: StepResult,
): Promise<Float32Array> {
  try {
    const values = (await step.values.data()) as Float32Array;
    if (Number.isFinite(values[0])) optimizer.applyGradients(step.grads);
    return values;
  } finally {
    tf.dispose([step.values, step.grads]);
  }
}

/** What an evaluation pass scores: a model on `x`/`y`, in batches, with a loss and metrics. */
export interface EvaluationData {
  /** The model, run in inference mode. */
  model: TrainableModel;
  /** Inputs. */
  x: tf.Tensor;
  /** Targets. */
  y: tf.Tensor;
  /** Samples per batch (the last batch may be partial). */
  batchSize: number;
  /** The compiled loss. */
  loss: LossFn;
  /** Resolved metrics, in compile order. */
  metrics: readonly ResolvedMetric[];
}

/**
 * `[loss, ...metrics]` on the samples `start … start + size - 1`, in
 * inference mode (the logits memo on, as in `fit`'s step).
 */
export function batchValues(
  data: EvaluationData,
  start: number,
  size: number,
): tf.Tensor1D {
  return tf.tidy(() =>
    withLogits(() => {
      const xb = tf.slice(data.x, start, size);
      const yb = tf.slice(data.y, start, size);
      const yPred = data.model.forward(xb, false);
      return tf.stack([
        data.loss(yb, yPred),
        ...data.metrics.map((m) => m.fn(yb, yPred)),
      ]) as tf.Tensor1D;
    })
  );
}

/** Lets a pending interrupt stop an evaluation pass after `batch` (0-based). */
export function checkEvaluationInterrupt(prefix: string, batch: number): void {
  checkInterrupt(
    `${
      prefix === "val_" ? "validation" : "evaluation"
    } interrupted after batch ${batch + 1}.`,
  );
}

/**
 * Loss and metrics over all of `data` in batches, in inference mode (a
 * full pass, as Keras computes validation and `evaluate`).
 */
export async function evaluatePass(
  data: EvaluationData,
  onBatch?: (batch: number, logs: Logs) => Promise<void>,
  prefix = "",
): Promise<Logs> {
  const n = data.x.shape[0];
  const means = new RunningMeans(valueNames(data.metrics));
  for (let start = 0, batch = 0; start < n; start += data.batchSize, batch++) {
    const size = Math.min(data.batchSize, n - start);
    const t = batchValues(data, start, size);
    try {
      means.add(await t.data(), size);
    } finally {
      t.dispose();
    }
    await onBatch?.(batch, means.logs(prefix));
    await yieldToEventLoop();
    checkEvaluationInterrupt(prefix, batch);
  }
  return means.logs(prefix);
}
