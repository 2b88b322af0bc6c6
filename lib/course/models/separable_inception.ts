/**
 * The separable mini-Inception of chapter 06 (`06_separables`): the
 * tutorial's mini-Inception with the 5×5 and 3×3 branches rewritten as
 * `SeparableConv2D`. Not one of the tutorial's models, so `mod.ts` does not
 * export it; the benchmark uses it to measure what that chapter trains.
 *
 * @module
 */
import { Input } from "../../keras/input_layer.ts";
import type { KerasTensor } from "../../keras/keras_tensor.ts";
import { Conv2D, SeparableConv2D } from "../../keras/layers/conv.ts";
import { inceptionLayerWith } from "./mini_inception.ts";
import { Flatten } from "../../keras/layers/core.ts";
import { Dense } from "../../keras/layers/dense.ts";
import { Model } from "../../keras/model.ts";

/**
 * Chapter 06's `separableInceptionLayer`: a 1×1 convolution, 5×5 and 3×3
 * separable convolutions and a 3×3 max-pool in parallel, concatenated.
 */
export function separableInceptionLayer(
  tensor: KerasTensor,
  nFilters: number,
): KerasTensor {
  return inceptionLayerWith(tensor, nFilters, SeparableConv2D);
}

/**
 * Chapter 06's `separable_mini_inception`: Conv2D(16, 5×5) → separable
 * Inception(32) → Flatten → Dense(10, softmax), for 28×28×1 inputs.
 */
export function separableMiniInception(
  inputShape: number[] = [28, 28, 1],
): Model {
  const inputTensor = Input({ shape: inputShape });
  const stem = Conv2D(16, { kernelSize: [5, 5], padding: "same" }).apply(
    inputTensor,
  );
  const mixed = separableInceptionLayer(stem, 32);
  const flat = Flatten().apply(mixed);
  const outputTensor = Dense(10, { activation: "softmax" }).apply(flat);
  return new Model({
    inputs: inputTensor,
    outputs: outputTensor,
    name: "separable_mini_inception",
  });
}
