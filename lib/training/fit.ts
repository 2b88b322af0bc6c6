/**
 * `fit` for any {@link TrainableModel}, with Keras 3's semantics and
 * progress output; `evaluate` and `predict` live in `inference.ts` and are
 * re-exported here (the contract with `lib/keras`).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  CallbackList,
  NaNLossError,
  type StoppableModel,
  TerminateOnNaN,
} from "./callbacks.ts";
import type { TrainingCallback } from "./callbacks.ts";
import {
  checkCompiled,
  checkPositiveInt,
  checkSameLength,
  checkSameSampleShape,
  checkTargets,
  checkTensor,
  ensureBuilt,
  probeOutputShape,
} from "./checks.ts";
import {
  deviceEpoch,
  deviceEvaluatePass,
  useDeviceLoop,
} from "./device_loop.ts";
import { History } from "./history.ts";
import {
  applyStep,
  evaluatePass,
  permutation,
  RunningMeans,
  stepsPerEpoch,
  trainStep,
  valueNames,
  yieldToEventLoop,
} from "./loop.ts";
import { resolveMetrics } from "./metrics.ts";
import { learningRateOf } from "./optimizers.ts";
import { ProgressBar, type ProgressWriter } from "../host/progbar.ts";
import { defaultWriter } from "../host/progress_writers.ts";
import { recoverEngine } from "./recover.ts";
import { limitFit } from "./sample_limits.ts";
import {
  checkInterrupt,
  interruptible,
  interruptPending,
} from "../host/interrupt.ts";
import { nextSeed, seededRng } from "../core/seed.ts";
import { barOptions, type OutputOptions, verbosity } from "./run_options.ts";
import type { Logs, TrainableModel } from "../core/types.ts";
export { evaluate, predict } from "./inference.ts";
export type {
  EvaluateOptions,
  OutputOptions,
  PredictOptions,
  Verbosity,
} from "./run_options.ts";

/** Options of {@link fit}, as Keras's `fit` in camelCase. */
export interface FitOptions extends OutputOptions {
  /** Default 1. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** `[xVal, yVal]`, evaluated in full after each epoch. */
  validationData?: [tf.Tensor, tf.Tensor];
  /** Shuffle the training samples before each epoch; default true. */
  shuffle?: boolean;
  /** Callbacks, run after the progress line and the history are updated. */
  callbacks?: TrainingCallback[];
  /** Shuffle seed; default from `setRandomSeed`, else random. */
  seed?: number;
}
/**
 * Trains `model` on `x`/`y` like Keras's `model.fit`, printing Keras 3
 * progress lines and returning a {@link History}.
 *
 * Under sample limits (see `sample_limits.ts`) it uses the first samples
 * and at most the epochs they allow, and prints their note.
 *
 * @example
 * ```ts
 * const history = await fit(model, xTrain, yTrain, {
 *   epochs: 5, batchSize: 256, validationData: [xVal, yVal], seed: 42,
 * });
 * history.history.val_accuracy;
 * ```
 */
export async function fit(
  model: TrainableModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: FitOptions = {},
): Promise<History> {
  await Promise.resolve(); // past any synchronous caller, so no tidy is legitimately open
  recoverEngine();
  const compiled = checkCompiled("fit", model);
  checkTensor("fit", "x", x);
  checkTensor("fit", "y", y);
  checkSameLength("fit", x, y);
  let epochs = checkPositiveInt("fit", "epochs", options.epochs ?? 1);
  const batchSize = checkPositiveInt(
    "fit",
    "batchSize",
    options.batchSize ?? 32,
  );
  const verbose = verbosity(options.verbose, "fit");
  const shuffle = options.shuffle ?? true;
  let validation = options.validationData;
  if (validation !== undefined) {
    if (!Array.isArray(validation) || validation.length !== 2) {
      throw new TypeError(`fit(): validationData must be [xVal, yVal].`);
    }
    checkTensor("fit", "validationData[0]", validation[0]);
    checkTensor("fit", "validationData[1]", validation[1]);
    checkSameLength(
      "fit",
      validation[0],
      validation[1],
      "validationData[0] and validationData[1]",
    );
    checkSameSampleShape("fit", "validationData[0]", validation[0], x);
  }

  const writer = verbose === 0 ? undefined : options.writer ?? defaultWriter();
  const owned: tf.Tensor[] = [];
  try {
    const limited = limitFit(x, y, validation, epochs);
    if (limited) {
      owned.push(...limited.owned);
      [x, y, validation, epochs] = limited.inputs;
      if (limited.note !== undefined) await writer?.line(limited.note);
    }

    ensureBuilt(model, x);
    if (model.trainableVariables.length === 0) {
      throw new Error(`fit(): model "${model.name}" has no trainable weights.`);
    }
    const outputShape = probeOutputShape(model, x);
    await checkTargets("fit", "y", y, outputShape, compiled.lossName);
    if (validation) {
      await checkTargets(
        "fit",
        "validationData[1]",
        validation[1],
        outputShape,
        compiled.lossName,
      );
    }

    return await interruptible(() =>
      trainLoop(model as StoppableModel, x, y, validation, {
        epochs,
        batchSize,
        verbose,
        shuffle,
        writer,
        seed: options.seed,
        callbacks: options.callbacks ?? [],
        clock: options.clock,
      })
    );
  } finally {
    tf.dispose(owned);
  }
}

interface LoopConfig {
  epochs: number;
  batchSize: number;
  verbose: 0 | 1 | 2;
  shuffle: boolean;
  writer: ProgressWriter | undefined;
  seed: number | undefined;
  callbacks: TrainingCallback[];
  clock: (() => number) | undefined;
}

async function trainLoop(
  model: StoppableModel,
  x: tf.Tensor,
  y: tf.Tensor,
  validation: [tf.Tensor, tf.Tensor] | undefined,
  cfg: LoopConfig,
): Promise<History> {
  const compiled = model.compiled!;
  const metrics = resolveMetrics(compiled.metrics);
  const n = x.shape[0];
  const steps = stepsPerEpoch(n, cfg.batchSize);
  const seed = cfg.seed ?? nextSeed() ?? Math.floor(Math.random() * 2 ** 32);
  const rng = seededRng(seed);
  const history = new History({
    epochs: cfg.epochs,
    steps,
    verbose: cfg.verbose,
  });
  // Keras's own TerminateOnNaN stops quietly; without one, an invalid loss is an error.
  const nanHandled = cfg.callbacks.some((c) => c instanceof TerminateOnNaN);
  const callbacks = new CallbackList([history, ...cfg.callbacks]);
  callbacks.configure(model, {
    epochs: cfg.epochs,
    steps,
    verbose: cfg.verbose,
  });
  model.stopTraining = false;
  const warned = new Set<string>();

  await callbacks.trainBegin();
  for (let epoch = 0; epoch < cfg.epochs && !model.stopTraining; epoch++) {
    await callbacks.epochBegin(epoch);
    if (cfg.writer && cfg.epochs > 1) {
      await cfg.writer.line(`Epoch ${epoch + 1}/${cfg.epochs}`);
    }
    const bar = cfg.writer
      ? new ProgressBar(steps, barOptions(cfg.writer, cfg.verbose, cfg.clock))
      : undefined;
    const order = cfg.shuffle ? permutation(n, rng) : undefined;
    const means = new RunningMeans(valueNames(metrics));
    let logs: Logs = means.logs();
    // On a GPU the epoch runs without a per-batch read (device_loop.ts); the
    // loop below is then skipped, and stays the exact path of wasm and cpu.
    const onDevice = useDeviceLoop(cfg.callbacks);
    if (onDevice) {
      logs = await deviceEpoch({
        model,
        compiled,
        metrics,
        names: valueNames(metrics),
        x,
        y,
        order,
        batchSize: cfg.batchSize,
        steps,
        epoch,
        bar,
        nanHint: nanHint(compiled.optimizer),
        interruptMessage: (batch) =>
          interruptText(epoch, cfg.epochs, batch, steps),
        onFirstGradients: (grads) => warnMissingGradients(model, grads, warned),
      });
    }

    for (let batch = 0; !onDevice && batch < steps; batch++) {
      const start = batch * cfg.batchSize;
      const size = Math.min(cfg.batchSize, n - start);
      const step = tf.tidy(() => {
        const idx = order
          ? tf.tensor1d(order.subarray(start, start + size), "int32")
          : tf.range(start, start + size, 1, "int32");
        const xb = tf.gather(x, idx);
        const yb = tf.gather(y, idx);
        return trainStep(model, compiled.loss, metrics, xb, yb);
      });
      const batchValues = await applyStep(compiled.optimizer, step);
      warnMissingGradients(model, step.grads, warned);
      means.add(batchValues, size);
      logs = means.logs();
      await bar?.update(batch + 1, logs, false);
      if (!Number.isFinite(batchValues[0]) && !nanHandled) {
        await bar?.update(batch + 1, logs, true);
        throw new NaNLossError(
          epoch,
          batch,
          batchValues[0],
          nanHint(compiled.optimizer),
        );
      }
      await callbacks.batchEnd(batch, logs);
      await yieldToEventLoop();
      if (interruptPending()) {
        await bar?.update(batch + 1, logs, true);
        checkInterrupt(interruptText(epoch, cfg.epochs, batch, steps));
      }
      if (model.stopTraining) break;
    }

    if (validation && !model.stopTraining) {
      const valLogs = await (onDevice ? deviceEvaluatePass : evaluatePass)(
        {
          model,
          x: validation[0],
          y: validation[1],
          batchSize: cfg.batchSize,
          loss: compiled.loss,
          metrics,
        },
        undefined,
        "val_",
      );
      logs = { ...logs, ...valLogs };
    }
    await bar?.update(steps, logs, true);
    await callbacks.epochEnd(epoch, logs);
  }
  await callbacks.trainEnd(
    history.epoch.length > 0 ? lastLogs(history) : undefined,
  );
  return history;
}

function interruptText(
  epoch: number,
  epochs: number,
  batch: number,
  steps: number,
): string {
  return `training interrupted in epoch ${epoch + 1}/${epochs} after batch ` +
    `${batch + 1}/${steps}. The weights keep the last completed batch; ` +
    `call fit() again to continue.`;
}

function lastLogs(history: History): Logs {
  return Object.fromEntries(
    Object.entries(history.history).map(([k, v]) => [k, v[v.length - 1]]),
  );
}

function nanHint(optimizer: tf.Optimizer): string {
  const lr = learningRateOf(optimizer);
  const lrText = lr === undefined
    ? "a smaller learning rate"
    : `a learning rate below ${lr}`;
  return `The update of that batch was not applied, so the weights are still finite. ` +
    `Try ${lrText}, or check the inputs for NaN/Inf values.`;
}

function warnMissingGradients(
  model: TrainableModel,
  grads: tf.NamedTensorMap,
  warned: Set<string>,
): void {
  const missing = model.trainableVariables
    .map((v) => v.name)
    .filter((name) => !(name in grads) && !warned.has(name));
  if (missing.length === 0) return;
  for (const name of missing) warned.add(name);
  // Keras's wording (keras/src/optimizers/base_optimizer.py).
  console.warn(
    `UserWarning: Gradients do not exist for variables [${
      missing.map((m) => `'${m}'`).join(", ")
    }] when minimizing the loss. If using \`model.compile()\`, did you forget to provide a \`loss\` argument?`,
  );
}
