/**
 * The course library's public API: what a Keras user expects to find, one
 * name per layer (`Conv2D`, not also its class), plus the tutorial's models
 * and the exercises' checks. Importing it has no side effect (no backend
 * chosen, nothing printed, no signal handler); `mod.ts` re-exports it and
 * then boots, and is what notebooks import.
 *
 * Every name here is listed in `test/architecture/fixtures/public_api.txt`,
 * so adding one is a decision. Tools and tests that need more reach the
 * folders' own entry points (`backend/mod.ts`, `keras/mod.ts`,
 * `training/mod.ts`, …) through `internals.ts`.
 *
 * @module
 */

// Layers, as `keras.layers`: factories with Keras's names and defaults
// (`Layer` is the class to extend). MaxPool2D / AvgPool2D are Keras's own
// aliases of MaxPooling2D / AveragePooling2D.
export {
  Conv2D,
  type Conv2DArgs,
  DepthwiseConv2D,
  type DepthwiseConv2DArgs,
  SeparableConv2D,
  type SeparableConv2DArgs,
} from "./keras/layers/conv.ts";
export { Dense, type DenseArgs } from "./keras/layers/dense.ts";
export {
  AveragePooling2D,
  AvgPool2D,
  GlobalAveragePooling2D,
  type GlobalPoolingArgs,
  MaxPool2D,
  MaxPooling2D,
  type Pooling2DArgs,
} from "./keras/layers/pooling.ts";
export {
  Add,
  Concatenate,
  type ConcatenateArgs,
} from "./keras/layers/merge.ts";
export {
  BatchNormalization,
  type BatchNormalizationArgs,
} from "./keras/layers/normalization.ts";
export {
  Activation,
  Dropout,
  type DropoutArgs,
  Flatten,
} from "./keras/layers/core.ts";
export { Layer, type LayerArgs } from "./keras/layer.ts";

// Models, as `keras.Model` / `keras.Sequential` / `keras.Input`, saving and
// `keras.backend.clear_session`.
export { Input, type InputArgs } from "./keras/input_layer.ts";
export type { KerasTensor } from "./keras/keras_tensor.ts";
export { Model, type ModelArgs } from "./keras/model.ts";
export { Sequential, type SequentialArgs } from "./keras/sequential.ts";
export type { SummaryOptions } from "./keras/summary.ts";
export { loadModel } from "./keras/load.ts";
export { registerSerializable } from "./keras/serialization.ts";
export { clearSession } from "./keras/naming.ts";
export { KerasError } from "./keras/errors.ts";

// Training: what `compile` / `fit` / `evaluate` / `predict` take, the
// optimizers, callbacks and `keras.utils.set_random_seed`.
export type { CompileArgs } from "./training/compile.ts";
export type {
  EvaluateOptions,
  FitOptions,
  PredictOptions,
} from "./training/fit.ts";
export { optimizers } from "./training/optimizers.ts";
export { History } from "./training/history.ts";
export {
  NaNLossError,
  TerminateOnNaN,
  type TrainingCallback,
} from "./training/callbacks.ts";
export { KeyboardInterrupt } from "./host/interrupt.ts";
export { setRandomSeed } from "./core/seed.ts";
export type { Logs, Shape } from "./core/types.ts";

// Data, as `keras.datasets` and scikit-learn's `train_test_split`.
export {
  DataError,
  datasets,
  type MnistLoadOptions,
  RandomState,
  trainTestSplit,
  type TrainTestSplitOptions,
} from "./data/mod.ts";

// The backend (chosen once by mod.ts; `useBestBackend` chooses again).
export {
  type BackendChoice,
  type BackendName,
  type BackendOptions,
  chosenBackend,
  useBestBackend,
} from "./backend/select.ts";

// Figures and rich output in Jupyter.
export { plots } from "./plots/mod.ts";
export type { PlotBundle } from "./plots/figure.ts";
export {
  display,
  type DisplayOptions,
  inJupyter,
  type MimeBundle,
} from "./host/display.ts";

// The course: the tutorial's models, the exercises' checks, quick mode.
export {
  ConvBlock,
  convModel,
  inceptionLayer,
  lenet5,
  miniInception,
  MiniResNet,
  ResidualBlock,
  separableModel,
} from "./course/models/mod.ts";
export {
  type CheckResult,
  checks,
  type ConvBlockClass,
  exercises,
  type ParamCountAnswers,
  type ReluAnswer,
  type ResidualBlockClass,
  type ShapeAnswers,
} from "./course/exercises/mod.ts";
export { quickMode } from "./course/quick.ts";
