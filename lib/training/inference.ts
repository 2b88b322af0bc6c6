/**
 * `evaluate` and `predict` for any {@link TrainableModel}, as Keras 3's.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  checkCompiled,
  checkPositiveInt,
  checkSameLength,
  checkTargets,
  checkTensor,
  ensureBuilt,
  probeOutputShape,
} from "./checks.ts";
import {
  evaluatePass,
  stepsPerEpoch,
  valueNames,
  yieldToEventLoop,
} from "./loop.ts";
import { deviceEvaluatePass, useDeviceLoop } from "./device_loop.ts";
import { resolveMetrics } from "./metrics.ts";
import { ProgressBar, type ProgressWriter } from "../host/progbar.ts";
import { defaultWriter } from "../host/progress_writers.ts";
import { recoverEngine } from "./recover.ts";
import { limitTest } from "./sample_limits.ts";
import { checkInterrupt, interruptible } from "../host/interrupt.ts";
import {
  barOptions,
  type EvaluateOptions,
  type PredictOptions,
  verbosity,
} from "./run_options.ts";
import type { TrainableModel } from "../core/types.ts";

/** `batchSize` (default 32), verbosity and progress writer of an `evaluate` or `predict` call, checked. */
function runSettings(
  fn: "evaluate" | "predict",
  options: EvaluateOptions | PredictOptions,
): {
  batchSize: number;
  verbose: 0 | 1 | 2;
  writer: ProgressWriter | undefined;
} {
  const batchSize = checkPositiveInt(fn, "batchSize", options.batchSize ?? 32);
  const verbose = verbosity(options.verbose, fn);
  const writer = verbose === 0 ? undefined : options.writer ?? defaultWriter();
  return { batchSize, verbose, writer };
}

/**
 * Loss and metrics of `model` on `x`/`y`, as Keras's `model.evaluate`:
 * `[loss, ...metrics]` in compile order, e.g. `[0.1073, 0.9676]`.
 * Under sample limits (see `sample_limits.ts`) it uses the first samples.
 *
 * @example
 * ```ts
 * const [loss, accuracy] = await evaluate(model, xTest, yTest, { verbose: 0 });
 * ```
 */
export async function evaluate(
  model: TrainableModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: EvaluateOptions = {},
): Promise<number[]> {
  await Promise.resolve();
  recoverEngine();
  const compiled = checkCompiled("evaluate", model);
  checkTensor("evaluate", "x", x);
  checkTensor("evaluate", "y", y);
  checkSameLength("evaluate", x, y);
  const { batchSize, verbose, writer } = runSettings("evaluate", options);
  return await interruptible(async () => {
    const owned: tf.Tensor[] = [];
    try {
      const limited = limitTest("evaluate", [x, y]);
      if (limited) {
        owned.push(...limited.owned);
        [x, y] = limited.inputs;
        if (limited.note !== undefined) await writer?.line(limited.note);
      }
      ensureBuilt(model, x);
      await checkTargets(
        "evaluate",
        "y",
        y,
        probeOutputShape(model, x),
        compiled.lossName,
      );
      const metrics = resolveMetrics(compiled.metrics);
      const steps = stepsPerEpoch(x.shape[0], batchSize);
      const bar = writer
        ? new ProgressBar(steps, barOptions(writer, verbose, options.clock))
        : undefined;
      // On a GPU the sums stay there and are read only when a line is due.
      const pass = useDeviceLoop([]) ? deviceEvaluatePass : evaluatePass;
      const logs = await pass(
        { model, x, y, batchSize, loss: compiled.loss, metrics },
        bar ? (batch, l) => bar.update(batch + 1, l, false) : undefined,
        "",
        (step) => bar?.due(step, false) ?? false,
      );
      await bar?.update(steps, logs, true);
      return valueNames(metrics).map((name) => logs[name]);
    } finally {
      tf.dispose(owned);
    }
  });
}

/**
 * Model outputs for `x` in inference mode, computed in batches, as Keras's
 * `model.predict`. The caller owns (and disposes) the returned tensor.
 *
 * @example
 * ```ts
 * const probs = await predict(model, xTest, { verbose: 0 });
 * const labels = probs.argMax(-1);
 * ```
 */
export async function predict(
  model: TrainableModel,
  x: tf.Tensor,
  options: PredictOptions = {},
): Promise<tf.Tensor> {
  await Promise.resolve();
  recoverEngine();
  checkTensor("predict", "x", x);
  const { batchSize, verbose, writer } = runSettings("predict", options);
  // The same cap as `evaluate`, so the figures made from these predictions
  // describe the samples `evaluate` scored.
  const limited = limitTest("predict", [x]);
  if (limited?.note !== undefined) await writer?.line(limited.note);
  try {
    const xs = limited?.inputs[0] ?? x;
    return await predictAll(model, xs, batchSize, verbose, writer, options);
  } finally {
    tf.dispose(limited?.owned ?? []);
  }
}

async function predictAll(
  model: TrainableModel,
  x: tf.Tensor,
  batchSize: number,
  verbose: 0 | 1 | 2,
  writer: ProgressWriter | undefined,
  options: PredictOptions,
): Promise<tf.Tensor> {
  ensureBuilt(model, x);
  const n = x.shape[0];
  const steps = stepsPerEpoch(n, batchSize);
  return await interruptible(async () => {
    const bar = writer
      ? new ProgressBar(steps, barOptions(writer, verbose, options.clock))
      : undefined;
    const parts: tf.Tensor[] = [];
    try {
      for (let batch = 0; batch < steps; batch++) {
        const start = batch * batchSize;
        const size = Math.min(batchSize, n - start);
        parts.push(
          tf.tidy(() => model.forward(tf.slice(x, start, size), false)),
        );
        await bar?.update(batch + 1, {}, false);
        await yieldToEventLoop();
        checkInterrupt(
          `prediction interrupted after batch ${batch + 1}/${steps}.`,
        );
      }
      await bar?.update(steps, {}, true);
      return parts.length === 1 ? parts.pop()! : tf.concat(parts, 0);
    } finally {
      tf.dispose(parts);
    }
  });
}
