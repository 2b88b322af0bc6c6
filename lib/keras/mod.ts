/**
 * A Keras-3-style model API on TensorFlow.js: layers with Keras names and
 * defaults, Sequential (deferred build), Functional (`Input` + `Model`),
 * subclassing (`extends Layer` / `extends Model` with `call()`), Keras 3
 * summaries, and saving to a folder.
 *
 * @example
 * ```ts
 * const lenet = new Sequential({ name: "LeNet-5" });
 * lenet.add(Conv2D(6, { kernelSize: [5, 5], activation: "tanh", padding: "same", name: "C1" }));
 * lenet.add(MaxPool2D({ poolSize: [2, 2], name: "S2" }));
 * lenet.add(Flatten());
 * lenet.add(Dense(10, { activation: "softmax" }));
 * await lenet.summary();
 * ```
 *
 * @module
 */
export { clearSession, toSnakeCase } from "./naming.ts";
export { KerasError } from "./errors.ts";
export { formatShape } from "../core/format.ts";
export {
  type GraphNode,
  type KerasHistory,
  KerasTensor,
  type NodeOwner,
} from "./keras_tensor.ts";
export {
  type CallOptions,
  Layer,
  type LayerArgs,
  type LayerWeight,
  type ShapeOrList,
  withTraining,
} from "./layer.ts";
export { Input, type InputArgs, InputLayer } from "./input_layer.ts";
export { Model, type ModelArgs } from "./model.ts";
export { Sequential, type SequentialArgs } from "./sequential.ts";
export { FunctionalGraph } from "./functional.ts";
export {
  readableMemorySize,
  type Summarizable,
  summaryHtml,
  type SummaryOptions,
  summaryText,
  terminalColumns,
} from "./summary.ts";
export {
  type ConfigObject,
  type LayerConfig,
  registerSerializable,
  type SerializableClass,
} from "./serialization.ts";
export { type SaveableModel, saveModel } from "./save.ts";
export { loadModel } from "./load.ts";
export {
  type BaseConvArgs,
  Conv2D,
  type Conv2DArgs,
  Conv2DLayer,
  type ConvBase,
  DepthwiseConv2D,
  type DepthwiseConv2DArgs,
  DepthwiseConv2DLayer,
  SeparableConv2D,
  type SeparableConv2DArgs,
  SeparableConv2DLayer,
} from "./layers/conv.ts";
export { Dense, type DenseArgs, DenseLayer } from "./layers/dense.ts";
export {
  AveragePooling2D,
  AveragePooling2DLayer,
  AvgPool2D,
  GlobalAveragePooling2D,
  GlobalAveragePooling2DLayer,
  type GlobalPoolingArgs,
  MaxPool2D,
  MaxPooling2D,
  MaxPooling2DLayer,
  type Pooling2D,
  type Pooling2DArgs,
} from "./layers/pooling.ts";
export {
  Add,
  AddLayer,
  Concatenate,
  type ConcatenateArgs,
  ConcatenateLayer,
} from "./layers/merge.ts";
export {
  BatchNormalization,
  type BatchNormalizationArgs,
  BatchNormalizationLayer,
} from "./layers/normalization.ts";
export {
  Activation,
  ActivationLayer,
  Dropout,
  type DropoutArgs,
  DropoutLayer,
  Flatten,
  FlattenLayer,
} from "./layers/core.ts";
export { ACTIVATION_NAMES, type ActivationFn } from "./layers/activations.ts";
export type { Padding } from "./layers/args.ts";
export type { Initializer, InitializerSpec } from "./layers/initializers.ts";
export type { StatelessLayer } from "./layers/stateless.ts";
export type { WrappedLayer } from "./layers/wrapped.ts";
