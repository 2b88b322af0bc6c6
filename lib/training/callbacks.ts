/**
 * Callback plumbing for `fit`, and Keras's `TerminateOnNaN`.
 *
 * @module
 */
import type { Callback, Logs, TrainableModel } from "../core/types.ts";

/** A model whose training a callback may stop, as Keras's `model.stop_training`. */
export type StoppableModel = TrainableModel & { stopTraining?: boolean };

/** Parameters `fit` hands to callbacks before training. */
export interface TrainingParams {
  /** Epochs to run. */
  epochs: number;
  /** Batches per epoch. */
  steps: number;
  /** Verbosity in use. */
  verbose: 0 | 1 | 2;
}

/**
 * A callback that also wants the model and the parameters (Keras's
 * `set_model` / `set_params`); both hooks are optional.
 */
export interface TrainingCallback extends Callback {
  /** Receives the model before training; set `model.stopTraining = true` to stop after the current batch. */
  setModel?(model: StoppableModel): void;
  /** Receives the `fit` parameters before training. */
  setParams?(params: TrainingParams): void;
}

/** Thrown when the loss becomes NaN or infinite and training is stopped. */
export class NaNLossError extends Error {
  /** 0-based batch where the loss became invalid. */
  readonly batch: number;
  /** 0-based epoch. */
  readonly epoch: number;

  /** Builds the message from where it happened and an optional hint. */
  constructor(epoch: number, batch: number, loss: number, hint = "") {
    super(
      `Invalid loss (${
        Number.isNaN(loss) ? "NaN" : loss > 0 ? "Inf" : "-Inf"
      }) at batch ${batch} ` +
        `of epoch ${
          epoch + 1
        }; terminating training, as Keras's TerminateOnNaN does.` +
        (hint ? ` ${hint}` : ""),
    );
    this.name = "NaNLossError";
    this.batch = batch;
    this.epoch = epoch;
  }
}

/** Options of {@link TerminateOnNaN}. */
export interface TerminateOnNaNOptions {
  /** Throw a {@link NaNLossError} instead of stopping quietly; default false (Keras's default). */
  raiseError?: boolean;
  /** Where the Keras message goes; default `console.log`. */
  log?: (text: string) => void;
}

/**
 * Stops training when the loss becomes NaN or infinite, like
 * `keras.callbacks.TerminateOnNaN`: it prints `Batch 12: Invalid loss,
 * terminating training` and `fit` returns the history so far. Without it,
 * `fit` throws a {@link NaNLossError} on an invalid loss. Either way the
 * failing batch's update is not applied, so the weights stay finite.
 *
 * @example
 * ```ts
 * await model.fit(x, y, { callbacks: [new TerminateOnNaN()] });
 * ```
 */
export class TerminateOnNaN implements TrainingCallback {
  /** Whether an invalid loss throws a {@link NaNLossError} instead of stopping quietly. */
  readonly raiseError: boolean;
  #model: StoppableModel | undefined;
  #log: (text: string) => void;
  #epoch = 0;

  /** See {@link TerminateOnNaNOptions}. */
  constructor(options: TerminateOnNaNOptions = {}) {
    this.raiseError = options.raiseError ?? false;
    this.#log = options.log ?? ((text) => console.log(text));
  }

  setModel(model: StoppableModel): void {
    this.#model = model;
  }

  onEpochBegin(epoch: number): void {
    this.#epoch = epoch;
  }

  onBatchEnd(batch: number, logs: Logs): void {
    const loss = logs.loss;
    if (loss === undefined || Number.isFinite(loss)) return;
    if (this.raiseError) throw new NaNLossError(this.#epoch, batch, loss);
    this.#log(`Batch ${batch}: Invalid loss, terminating training`);
    if (this.#model) this.#model.stopTraining = true;
  }
}

/** Runs hooks of several callbacks in order, awaiting each. */
export class CallbackList {
  readonly callbacks: TrainingCallback[];

  /** Callbacks run in the order given. */
  constructor(callbacks: TrainingCallback[]) {
    this.callbacks = callbacks;
  }

  /** Calls `setModel` and `setParams` where defined. */
  configure(model: StoppableModel, params: TrainingParams): void {
    for (const c of this.callbacks) {
      c.setModel?.(model);
      c.setParams?.(params);
    }
  }

  /** `onTrainBegin` on each. */
  async trainBegin(logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin?.(logs);
  }

  /** `onEpochBegin` on each. */
  async epochBegin(epoch: number, logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin?.(epoch, logs);
  }

  /** `onBatchEnd` on each. */
  async batchEnd(batch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchEnd?.(batch, { ...logs });
  }

  /** `onEpochEnd` on each. */
  async epochEnd(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd?.(epoch, { ...logs });
  }

  /** `onTrainEnd` on each. */
  async trainEnd(logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd?.(logs);
  }
}
