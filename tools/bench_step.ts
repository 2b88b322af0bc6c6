/**
 * The course's own models (`lib/models`) and the training step `fit()` runs
 * for each batch, for the benchmark, the GPU check and the backend parity
 * tests, so they measure what students run.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { DepthwiseConv2D, SeparableConv2D } from "../lib/keras/layers/conv.ts";
import { Dense } from "../lib/keras/layers/dense.ts";
import {
  AvgPool2D,
  GlobalAveragePooling2D,
  MaxPool2D,
} from "../lib/keras/layers/pooling.ts";
import type { Model } from "../lib/keras/model.ts";
import { Sequential } from "../lib/keras/sequential.ts";
import { ConvBlock } from "../lib/models/conv_block.ts";
import { lenet5 } from "../lib/models/lenet5.ts";
import { miniInception } from "../lib/models/mini_inception.ts";
import { MiniResNet } from "../lib/models/mini_resnet.ts";
import { trainStep } from "../lib/training/loop.ts";
import { resolveMetrics } from "../lib/training/metrics.ts";
import { SGD } from "../lib/training/optimizers.ts";

/** Names of the models the benchmark and the parity tests use. */
export const MODEL_NAMES = [
  "lenet5",
  "miniInception",
  "miniResNet",
  "separableBN",
] as const;
/** One of {@link MODEL_NAMES}. */
export type ModelName = typeof MODEL_NAMES[number];

/**
 * A model that covers the layers the three tutorial models do not: the
 * course's `ConvBlock` (Conv–BatchNorm–ReLU), a depthwise convolution
 * (multiplier 2, stride 2), a separable convolution, pooling with ties and a
 * global average pool, built with the course's layers.
 */
export function separableBN(): Sequential {
  const m = new Sequential({ name: "Separable-BN" });
  m.add(new ConvBlock(4, 3));
  m.add(
    DepthwiseConv2D({
      kernelSize: 3,
      depthMultiplier: 2,
      strides: 2,
      padding: "same",
      useBias: false,
    }),
  );
  m.add(new ConvBlock(8, 1));
  m.add(MaxPool2D({ poolSize: 2 }));
  m.add(
    SeparableConv2D(16, { kernelSize: 3, padding: "same", activation: "relu" }),
  );
  m.add(AvgPool2D({ poolSize: 2, strides: 1 }));
  m.add(GlobalAveragePooling2D());
  m.add(Dense(10, { activation: "softmax" }));
  return m;
}

/**
 * Builds a course model by name for 28×28×1 inputs and compiles it as the
 * tutorial does: SGD (learning rate 0.1), sparse categorical cross-entropy,
 * accuracy.
 */
export function buildModel(name: ModelName): Model {
  if (!(MODEL_NAMES as readonly string[]).includes(name)) {
    throw new Error(
      `Unknown model "${name}"; use one of ${MODEL_NAMES.join(", ")}.`,
    );
  }
  const model: Model = name === "lenet5"
    ? lenet5()
    : name === "miniInception"
    ? miniInception()
    : name === "miniResNet"
    ? new MiniResNet(32)
    : separableBN();
  model.build([null, 28, 28, 1]);
  model.compile({
    optimizer: SGD({ learningRate: 0.1 }),
    loss: "sparse_categorical_crossentropy",
    metrics: ["accuracy"],
  });
  return model;
}

/** Display names as the tables print them. */
export const DISPLAY_NAMES: Record<ModelName, string> = {
  lenet5: "LeNet-5",
  miniInception: "mini-Inception",
  miniResNet: "MiniResNet(32)",
  separableBN: "Separable-BN",
};

/**
 * One training step exactly as `fit()` runs it for a batch: forward pass,
 * loss and accuracy (`trainStep`), reading them back, then the optimizer
 * update. Returns `[loss, accuracy]`.
 */
export async function fitStep(
  model: Model,
  x: tf.Tensor,
  y: tf.Tensor,
): Promise<number[]> {
  const compiled = model.compiled;
  if (compiled === undefined) {
    throw new Error(`Model "${model.name}" must be compiled before training.`);
  }
  const metrics = resolveMetrics(compiled.metrics);
  const { values, grads } = trainStep(model, compiled.loss, metrics, x, y);
  try {
    const out = Array.from(await values.data());
    compiled.optimizer.applyGradients(grads);
    return out;
  } finally {
    tf.dispose([values, grads]);
  }
}
