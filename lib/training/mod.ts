/**
 * Training: Keras-style `compile` resolution, optimizers, a seeded `fit`
 * with Keras 3 progress lines, `evaluate`, `predict`, `History` and
 * callbacks. Models in `lib/keras` delegate their methods here.
 *
 * @example
 * ```ts
 * import { optimizers, setRandomSeed } from "cnn/training/mod.ts";
 * setRandomSeed(42);
 * model.compile({ optimizer: optimizers.SGD({ learningRate: 0.1 }),
 *   loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
 * const history = await model.fit(xTrain, yTrain, { epochs: 5, batchSize: 256,
 *   validationData: [xVal, yVal] });
 * ```
 *
 * @module
 */
export { type CompileArgs, resolveCompile } from "./compile.ts";
export {
  Adam,
  type AdamArgs,
  getOptimizer,
  OPTIMIZER_NAMES,
  optimizers,
  RMSprop,
  type RMSpropArgs,
  SGD,
  type SGDArgs,
} from "./optimizers.ts";
export {
  binaryCrossentropy,
  categoricalCrossentropy,
  getLoss,
  LOSS_NAMES,
  meanAbsoluteError,
  meanSquaredError,
  sparseCategoricalCrossentropy,
} from "./losses.ts";
export {
  accuracy,
  binaryAccuracy,
  categoricalAccuracy,
  METRIC_NAMES,
  type MetricFn,
  sparseCategoricalAccuracy,
} from "./metrics.ts";
export { History, type HistoryParams } from "./history.ts";
export {
  NaNLossError,
  type StoppableModel,
  TerminateOnNaN,
  type TerminateOnNaNOptions,
  type TrainingCallback,
  type TrainingParams,
} from "./callbacks.ts";
export {
  evaluate,
  type EvaluateOptions,
  fit,
  type FitOptions,
  type OutputOptions,
  predict,
  type PredictOptions,
  type Verbosity,
} from "./fit.ts";
export { recoverEngine } from "./recover.ts";
export { applyStep, type StepResult, trainStep, valueNames } from "./loop.ts";
export { type ResolvedMetric, resolveMetrics } from "./metrics.ts";
export { DeviceSteps } from "./device_steps.ts";
export {
  type LimitedRun,
  type SampleLimits,
  sampleLimits,
  setSampleLimits,
} from "./sample_limits.ts";
export {
  clearRandomSeed,
  nextSeed,
  seededRng,
  setRandomSeed,
} from "../core/seed.ts";
export type {
  Callback,
  CompiledState,
  Logs,
  LossFn,
  Shape,
  TrainableModel,
} from "../core/types.ts";
