/**
 * Input checks for `fit`/`evaluate`/`predict`: every message says what was
 * wrong and what to do.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { isSparseLoss } from "./losses.ts";
import type { CompiledState, TrainableModel } from "../core/types.ts";

function isTensor(value: unknown): value is tf.Tensor {
  const v = value as
    | { shape?: unknown; dtype?: unknown; dispose?: unknown }
    | null;
  return typeof v === "object" && v !== null && Array.isArray(v.shape) &&
    typeof v.dtype === "string" && typeof v.dispose === "function";
}

/** Throws unless `value` is a tensor with at least one sample. */
export function checkTensor(
  fn: string,
  name: string,
  value: unknown,
): tf.Tensor {
  if (!isTensor(value)) {
    throw new TypeError(
      `${fn}(): ${name} must be a tf.Tensor (e.g. tf.tensor(array)), got ${
        value === null
          ? "null"
          : Array.isArray(value)
          ? "an array"
          : typeof value
      }.`,
    );
  }
  if (value.isDisposed) {
    throw new Error(`${fn}(): ${name} has been disposed; pass a live tensor.`);
  }
  if (value.rank < 1 || value.shape[0] === 0) {
    throw new Error(
      `${fn}(): ${name} has no samples (shape [${
        value.shape.join(", ")
      }]); the first dimension counts samples.`,
    );
  }
  return value;
}

/** Throws unless x and y have the same number of samples. */
export function checkSameLength(
  fn: string,
  x: tf.Tensor,
  y: tf.Tensor,
  what = "x and y",
): void {
  if (x.shape[0] !== y.shape[0]) {
    const [xn, yn] = what.split(" and ");
    throw new Error(
      `${fn}(): ${xn} has ${x.shape[0]} samples but ${yn} has ${y.shape[0]}; ` +
        `they must have the same first dimension (one label per image).`,
    );
  }
}

/** Throws unless the model was compiled. */
export function checkCompiled(
  fn: string,
  model: TrainableModel,
): CompiledState {
  if (model.compiled === undefined) {
    throw new Error(
      `You must call compile() before ${fn}(), e.g. model.compile({ optimizer: ` +
        `optimizers.SGD({ learningRate: 0.1 }), loss: "sparse_categorical_crossentropy", ` +
        `metrics: ["accuracy"] }).`,
    );
  }
  return model.compiled;
}

/** Throws unless `n` is a positive integer. */
export function checkPositiveInt(fn: string, name: string, n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new RangeError(
      `${fn}(): ${name} must be a positive integer, got ${String(n)}.`,
    );
  }
  return n;
}

/** Builds the model for `x`'s sample shape when it has no weights yet. */
export function ensureBuilt(model: TrainableModel, x: tf.Tensor): void {
  if (!model.built) model.build([null, ...x.shape.slice(1)]);
}

/** The model's output shape for one sample of `x` (one forward pass on a single sample). */
export function probeOutputShape(
  model: TrainableModel,
  x: tf.Tensor,
): number[] {
  return tf.tidy(() => model.forward(tf.slice(x, 0, 1), false).shape);
}

/**
 * Checks targets against the model's output shape for the compiled loss:
 * integer labels in [0, classes) for the sparse loss, matching widths for
 * one-hot and regression losses. Custom loss functions are not checked.
 */
export async function checkTargets(
  fn: string,
  name: string,
  y: tf.Tensor,
  outputShape: number[],
  lossName: string,
): Promise<void> {
  const classes = outputShape[outputShape.length - 1];
  if (isSparseLoss(lossName)) {
    const sampleShape = y.shape.slice(1);
    if (
      !(sampleShape.length === 0 ||
        (sampleShape.length === 1 && sampleShape[0] === 1))
    ) {
      throw new Error(
        `${fn}(): ${name} has shape [${
          y.shape.join(", ")
        }] but "${lossName}" expects one integer ` +
          `label per sample (shape [n]). For one-hot labels use loss "categorical_crossentropy".`,
      );
    }
    const values = await y.data();
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (!Number.isInteger(v)) {
        throw new Error(
          `${fn}(): ${name}[${i}] = ${v} is not an integer class label; "${lossName}" expects ` +
            `integers in [0, ${classes - 1}].`,
        );
      }
      if (v < 0 || v >= classes) {
        throw new Error(
          `${fn}(): label ${v} (${name}[${i}]) is outside the model's output width ${classes}: ` +
            `the last layer has ${classes} units, so labels must be integers in [0, ${
              classes - 1
            }]. ` +
            `Give the last Dense layer as many units as there are classes.`,
        );
      }
    }
    return;
  }
  if (!isKnownShapedLoss(lossName)) return;
  const want = outputShape.slice(1);
  const got = y.shape.slice(1);
  if (want.length !== got.length || want.some((d, i) => d !== got[i])) {
    const hint = lossName === "categorical_crossentropy" && got.length === 0
      ? ` For integer labels use loss "sparse_categorical_crossentropy".`
      : "";
    throw new Error(
      `${fn}(): ${name} has shape [${
        y.shape.join(", ")
      }] but the model outputs ` +
        `[${
          ["n", ...want].join(", ")
        }]; "${lossName}" needs targets shaped like the outputs.${hint}`,
    );
  }
}

function isKnownShapedLoss(lossName: string): boolean {
  return [
    "categorical_crossentropy",
    "binary_crossentropy",
    "mean_squared_error",
    "mean_absolute_error",
  ].includes(lossName);
}

/**
 * Throws unless `v` has the same per-sample shape as the training data `x`
 * (checked before the first epoch, not when validation runs after it).
 */
export function checkSameSampleShape(
  fn: string,
  name: string,
  v: tf.Tensor,
  x: tf.Tensor,
): void {
  const a = v.shape.slice(1);
  const b = x.shape.slice(1);
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    const fmt = (s: number[]) => `[n, ${s.join(", ")}]`;
    throw new Error(
      `${fn}(): ${name} has shape [${v.shape.join(", ")}] but x has [${
        x.shape.join(", ")
      }]: each validation sample must have the training samples' shape ${
        fmt(b)
      }. ` +
        `Prepare it like x (e.g. reshape to ${
          fmt(b)
        } and scale it the same way).`,
    );
  }
}
