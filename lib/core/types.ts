/**
 * Contracts shared by the Keras-style model API (`lib/keras/`) and the
 * training loop (`lib/training/`): shapes, the compiled state, logs,
 * callbacks and what a trainable model offers. They live in `lib/core/`, below
 * both, so the training loop never imports `lib/keras/` (see
 * `test/architecture/import_rules_test.ts`).
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";

/** A shape with `null` for unknown dimensions (the batch), as Keras writes `None`. */
export type Shape = (number | null)[];

/** A loss: mean over the batch of the per-sample loss. */
export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/** What `compile()` resolved: ready-to-use optimizer, loss and metric names. */
export interface CompiledState {
  /** A tfjs optimizer (e.g. from `optimizers.SGD({ learningRate: 0.1 })`). */
  optimizer: tf.Optimizer;
  /** The loss function. */
  loss: LossFn;
  /** Keras name of the loss, e.g. `"sparse_categorical_crossentropy"`. */
  lossName: string;
  /** Metric names as Keras prints them, e.g. `["accuracy"]`. */
  metrics: string[];
}

/** Per-epoch or per-batch numbers with Keras keys (`loss`, `accuracy`, `val_loss`, …). */
export type Logs = Record<string, number>;

/** A Keras-style callback; every hook is optional and may be async. */
export interface Callback {
  /** Called once before the first epoch. */
  onTrainBegin?(logs?: Logs): void | Promise<void>;
  /** Called before each epoch (0-based). */
  onEpochBegin?(epoch: number, logs?: Logs): void | Promise<void>;
  /** Called after each batch (0-based) with the running epoch means. */
  onBatchEnd?(batch: number, logs: Logs): void | Promise<void>;
  /** Called after each epoch with its final logs, validation included. */
  onEpochEnd?(epoch: number, logs: Logs): void | Promise<void>;
  /** Called once after training. */
  onTrainEnd?(logs?: Logs): void | Promise<void>;
}

/** What the training loop needs from a model; `lib/keras` models implement it. */
export interface TrainableModel {
  /** The model's name, e.g. `"LeNet-5"`. */
  readonly name: string;
  /** Whether weights exist. */
  readonly built: boolean;
  /** Creates the weights for inputs of this shape (batch dimension `null`). */
  build(inputShape: Shape): void;
  /**
   * Eager forward pass on a concrete batch. The caller owns memory
   * management (it runs inside `tf.tidy` or a gradient function).
   */
  forward(x: tf.Tensor, training: boolean): tf.Tensor;
  /** Variables the optimizer updates, in a stable order. */
  readonly trainableVariables: tf.Variable[];
  /** Variables that are not trained (BatchNormalization moving statistics). */
  readonly nonTrainableVariables: tf.Variable[];
  /** Set by `compile()`; `undefined` before. */
  readonly compiled: CompiledState | undefined;
}
