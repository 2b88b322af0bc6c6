/**
 * Classroom exercises: checks that read what the student built and answer in
 * Spanish with what is right, what is wrong and a hint.
 *
 * In a notebook, call the `exercises.*` functions: each runs its check and
 * shows the result (HTML in Jupyter, text in a terminal), starting with
 * `✅ Correcto` or `❌ Todavía no`. The `checks.*` functions return the
 * {@link CheckResult} without showing it (for tests and scripts).
 *
 * @example
 * ```ts
 * import { exercises } from "cnn/mod.ts";
 * await exercises.paramCounts({ conv: 1168, depthwise: 80, pointwise: 144 });
 * ```
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { Model, Sequential } from "../../keras/mod.ts";
import type { History } from "../../training/history.ts";
import type { Shape } from "../../core/types.ts";
import { checkConvBlock, type ConvBlockClass } from "./conv_block.ts";
import {
  type CheckResult,
  describeError,
  Feedback,
  showResult,
} from "./feedback.ts";
import { checkInceptionReduction } from "./inception_reduction.ts";
import { checkLenetBatchNorm } from "./lenet_batchnorm.ts";
import { checkOutputShapes, type ShapeAnswers } from "./output_shapes.ts";
import { checkParamCounts, type ParamCountAnswers } from "./param_counts.ts";
import { checkReluLenet, type ReluAnswer } from "./relu_lenet.ts";
import {
  checkResidualProjection,
  type ResidualBlockClass,
} from "./residual_projection.ts";
import { checkSeparableModel } from "./separable_model.ts";

export {
  type CheckResult,
  FAIL_MARK,
  Feedback,
  formatHtml,
  formatText,
  PASS_MARK,
  showResult,
  toBundle,
} from "./feedback.ts";
export { PARAM_COUNT_SETTING, type ParamCountSetting } from "./param_counts.ts";
export {
  SEPARABLE_MAX_PARAMS,
  separableMinAccuracy,
} from "./separable_model.ts";
export {
  INCEPTION_SETTING,
  type InceptionSetting,
} from "./inception_reduction.ts";
export type {
  ConvBlockClass,
  ParamCountAnswers,
  ReluAnswer,
  ResidualBlockClass,
  ShapeAnswers,
};

/** The checks, returning their {@link CheckResult} without showing it. */
export const checks = {
  /** Exercise 1: hand-counted parameters of conv, depthwise and pointwise layers. */
  paramCounts: checkParamCounts,
  /** Exercise 2: the fixed ConvBlock class. */
  convBlock: checkConvBlock,
  /** Exercise 3: LeNet-5 with BatchNormalization (and its training history). */
  lenetBatchNorm: checkLenetBatchNorm,
  /** Exercise 4: LeNet-5 with ReLU, both histories and the stated winner. */
  reluLenet: checkReluLenet,
  /** Exercise 5: inception layer with a 1×1 reduction before the 5×5 branch. */
  inceptionReduction: checkInceptionReduction,
  /** Exercise 6: residual block with a projection shortcut. */
  residualProjection: checkResidualProjection,
  /** Exercise 7: a small, accurate separable model. */
  separableModel: checkSeparableModel,
  /** Exercise 8: predicted output shapes of a layer stack. */
  outputShapes: checkOutputShapes,
} as const;

/**
 * Runs a check and shows its result. A check that itself fails on an
 * unexpected answer still shows feedback instead of crashing the cell.
 */
async function shown(
  run: () => CheckResult | Promise<CheckResult>,
): Promise<void> {
  let result: CheckResult;
  try {
    result = await run();
  } catch (error) {
    result = new Feedback("Comprobación")
      .wrong(
        `La comprobación no pudo terminar. ${describeError(error)}`,
        "Revisa que pasas lo que pide el enunciado (el modelo, la clase o la lista de respuestas).",
      )
      .result();
  }
  await showResult(result);
}

/**
 * The checks as notebook cells use them: each shows its feedback (and
 * returns nothing, so the cell shows the feedback once).
 */
export const exercises = {
  /** Exercise 1 — `{ conv, depthwise, pointwise }` counted by hand. */
  paramCounts: (answers: ParamCountAnswers | undefined): Promise<void> =>
    shown(() => checkParamCounts(answers)),
  /** Exercise 2 — the ConvBlock class (not an instance). */
  convBlock: (ConvBlock: ConvBlockClass | undefined): Promise<void> =>
    shown(() => checkConvBlock(ConvBlock)),
  /** Exercise 3 — LeNet with BatchNormalization and the History of training it. */
  lenetBatchNorm: (
    model: Sequential | undefined,
    history?: History,
  ): Promise<void> => shown(() => checkLenetBatchNorm(model, history)),
  /** Exercise 4 — the ReLU LeNet, both histories and which one is better. */
  reluLenet: (answer: ReluAnswer): Promise<void> =>
    shown(() => checkReluLenet(answer)),
  /** Exercise 5 — the Functional model and the computed saving. */
  inceptionReduction: (
    model: Model | undefined,
    saving: number | undefined,
  ): Promise<void> => shown(() => checkInceptionReduction(model, saving)),
  /** Exercise 6 — the residual block class (not an instance). */
  residualProjection: (Block: ResidualBlockClass | undefined): Promise<void> =>
    shown(() => checkResidualProjection(Block)),
  /** Exercise 7 — the trained separable model and the test data. */
  separableModel: (
    model: Model | undefined,
    xTest: tf.Tensor,
    yTest: tf.Tensor,
  ): Promise<void> => shown(() => checkSeparableModel(model, xTest, yTest)),
  /** Exercise 8 — the stack and the predicted shapes. */
  outputShapes: (
    model: Sequential,
    answers: ShapeAnswers | undefined,
    inputShape?: Shape,
  ): Promise<void> =>
    shown(() => checkOutputShapes(model, answers, inputShape)),
} as const;
