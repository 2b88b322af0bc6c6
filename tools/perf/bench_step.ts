/**
 * The course's own models (`lib/course/models`) and the training step `fit()` runs
 * for each batch, for the benchmark, the GPU check and the backend parity
 * tests, so they measure what students run.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import {
  applyStep,
  lenet5,
  lenet5BN,
  miniInception,
  MiniResNet,
  type Model,
  resolveMetrics,
  separableBN,
  separableMiniInception,
  trainStep,
} from "../../lib/internals.ts";
import { compileAsTutorial } from "./recipe.ts";

/** Names of the models the benchmark and the parity tests use. */
export const MODEL_NAMES = [
  "lenet5",
  "miniInception",
  "miniResNet",
  "separableBN",
  "lenet5BN",
  "separableInception",
] as const;
/** One of {@link MODEL_NAMES}. */
export type ModelName = typeof MODEL_NAMES[number];

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
    : name === "lenet5BN"
    ? lenet5BN()
    : name === "separableInception"
    ? separableMiniInception()
    : separableBN();
  model.build([null, 28, 28, 1]);
  return compileAsTutorial(model);
}

/** Display names as the tables print them. */
export const DISPLAY_NAMES: Record<ModelName, string> = {
  lenet5: "LeNet-5",
  miniInception: "mini-Inception",
  miniResNet: "MiniResNet(32)",
  separableBN: "Separable-BN",
  lenet5BN: "LeNet-5+BN",
  separableInception: "separable Inception",
};

/**
 * One training step exactly as `fit()` runs it for a batch (`trainStep`,
 * then `applyStep`: the loss and metrics read back, the optimizer update
 * skipped when the loss is NaN/Inf). Returns `[loss, accuracy]`.
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
  const step = trainStep(model, compiled.loss, metrics, x, y);
  return Array.from(await applyStep(compiled.optimizer, step));
}
