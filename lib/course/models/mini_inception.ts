/**
 * The tutorial's mini-Inception, built with the Functional API.
 *
 * @module
 */
import { Input } from "../../keras/input_layer.ts";
import type { KerasTensor } from "../../keras/keras_tensor.ts";
import { Conv2D } from "../../keras/layers/conv.ts";
import { Flatten } from "../../keras/layers/core.ts";
import { Dense } from "../../keras/layers/dense.ts";
import { Concatenate } from "../../keras/layers/merge.ts";
import { MaxPool2D } from "../../keras/layers/pooling.ts";
import { Model } from "../../keras/model.ts";
import type { Layer } from "../../keras/layer.ts";

/** Builds the 5×5 and 3×3 branches' layer: `Conv2D` here, `SeparableConv2D` in chapter 06. */
export type WideConv = (
  filters: number,
  args: { kernelSize: [number, number]; activation: "relu"; padding: "same" },
) => Layer;

/**
 * An Inception module whose 5×5 and 3×3 branches come from `wide`: 1×1,
 * 5×5 and 3×3 convolutions and a 3×3 max-pool in parallel, concatenated
 * along the channels.
 */
export function inceptionLayerWith(
  tensor: KerasTensor,
  nFilters: number,
  wide: WideConv,
): KerasTensor {
  const branch1x1 = Conv2D(nFilters, {
    kernelSize: [1, 1],
    activation: "relu",
    padding: "same",
  }).apply(tensor);
  const branch5x5 = wide(nFilters, {
    kernelSize: [5, 5],
    activation: "relu",
    padding: "same",
  }).apply(tensor);
  const branch3x3 = wide(nFilters, {
    kernelSize: [3, 3],
    activation: "relu",
    padding: "same",
  }).apply(tensor);
  const branchPool = MaxPool2D({
    poolSize: [3, 3],
    strides: [1, 1],
    padding: "same",
  }).apply(tensor);
  return Concatenate({ axis: -1 }).apply([
    branch1x1,
    branch5x5,
    branch3x3,
    branchPool,
  ]);
}

/**
 * An Inception module: 1×1, 5×5 and 3×3 convolutions and a 3×3 max-pool in
 * parallel, concatenated along the channels.
 */
export function inceptionLayer(
  tensor: KerasTensor,
  nFilters: number,
): KerasTensor {
  return inceptionLayerWith(tensor, nFilters, Conv2D);
}

/**
 * The tutorial's mini-Inception: Conv2D(16, 5×5) → Inception(32) → Flatten →
 * Dense(10, softmax); 896,522 parameters for 28×28×1 inputs.
 *
 * @example
 * ```ts
 * const model = miniInception();
 * model.summary();
 * ```
 */
export function miniInception(inputShape: number[] = [28, 28, 1]): Model {
  const inputTensor = Input({ shape: inputShape });
  let x = Conv2D(16, { kernelSize: [5, 5], padding: "same" }).apply(
    inputTensor,
  );
  x = inceptionLayer(x, 32);
  x = Flatten().apply(x);
  const outputTensor = Dense(10, { activation: "softmax" }).apply(x);
  return new Model({ inputs: inputTensor, outputs: outputTensor });
}
