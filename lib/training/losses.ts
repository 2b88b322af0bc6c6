/**
 * Keras losses on probabilities (the tutorial ends its models in `softmax`),
 * each the mean over the batch of the per-sample loss, as Keras reports it.
 * When the probabilities come straight from a `softmax`/`sigmoid` activation
 * during training or evaluation, the cross-entropies use its logits, as
 * Keras 3 does (see `lib/core/logits.ts`).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { logitsOf } from "../core/logits.ts";
import type { LossFn } from "../core/types.ts";

/** Keras's `backend.epsilon()`: keeps `log` away from 0. */
export const EPSILON = 1e-7;

function normalizedProbabilities(yPred: tf.Tensor): tf.Tensor {
  // Keras rescales so each row sums to 1 before clipping; a softmax output is
  // already normalised, but a hand-written model may not be.
  const scaled = tf.div(yPred, tf.sum(yPred, -1, true));
  return tf.clipByValue(scaled, EPSILON, 1 - EPSILON);
}

/**
 * Cross-entropy between one-hot targets and predicted probabilities.
 *
 * @example
 * ```ts
 * const loss = categoricalCrossentropy(tf.tensor2d([[0, 1]]), tf.tensor2d([[0.2, 0.8]]));
 * ```
 */
export function categoricalCrossentropy(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
): tf.Scalar {
  return tf.tidy(() => {
    const logits = logitsOf(yPred, "softmax");
    const logP = logits !== undefined
      ? tf.logSoftmax(logits)
      : tf.log(normalizedProbabilities(yPred));
    const perSample = tf.neg(
      tf.sum(tf.mul(tf.cast(yTrue, "float32"), logP), -1),
    );
    return tf.mean(perSample) as tf.Scalar;
  });
}

/**
 * Cross-entropy between integer class labels (`[n]` or `[n, 1]`) and
 * predicted probabilities `[n, classes]`.
 */
export function sparseCategoricalCrossentropy(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
): tf.Scalar {
  return tf.tidy(() => {
    const classes = yPred.shape[yPred.shape.length - 1];
    const labels = tf.cast(tf.reshape(yTrue, [-1]), "int32") as tf.Tensor1D;
    const oneHot = tf.reshape(tf.oneHot(labels, classes), yPred.shape);
    return categoricalCrossentropy(oneHot, yPred);
  });
}

/** Binary cross-entropy between 0/1 targets and probabilities (mean over the last axis). */
export function binaryCrossentropy(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
): tf.Scalar {
  return tf.tidy(() => {
    const t = tf.cast(yTrue, "float32");
    const logits = logitsOf(yPred, "sigmoid");
    if (logits !== undefined) {
      // max(x, 0) − x·t + log(1 + e^−|x|): stable for any logit.
      const perElement = tf.add(
        tf.sub(tf.relu(logits), tf.mul(logits, t)),
        tf.log1p(tf.exp(tf.neg(tf.abs(logits)))),
      );
      return tf.mean(tf.mean(perElement, -1)) as tf.Scalar;
    }
    const p = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
    const term = tf.add(
      tf.mul(t, tf.log(p)),
      tf.mul(tf.sub(1, t), tf.log(tf.sub(1, p))),
    );
    return tf.mean(tf.neg(tf.mean(term, -1))) as tf.Scalar;
  });
}

/** `f(yTrue - yPred)` averaged over the last axis, then over the batch (Keras's regression losses). */
function meanError(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  f: (difference: tf.Tensor) => tf.Tensor,
): tf.Scalar {
  return tf.tidy(() =>
    tf.mean(
      tf.mean(f(tf.sub(tf.cast(yTrue, "float32"), yPred)), -1),
    ) as tf.Scalar
  );
}

/** Mean squared error (mean over the last axis, then over the batch). */
export function meanSquaredError(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
): tf.Scalar {
  return meanError(yTrue, yPred, tf.square);
}

/** Mean absolute error (mean over the last axis, then over the batch). */
export function meanAbsoluteError(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
): tf.Scalar {
  return meanError(yTrue, yPred, tf.abs);
}

const LOSSES: Record<string, LossFn> = {
  sparse_categorical_crossentropy: sparseCategoricalCrossentropy,
  categorical_crossentropy: categoricalCrossentropy,
  binary_crossentropy: binaryCrossentropy,
  mean_squared_error: meanSquaredError,
  mse: meanSquaredError,
  mean_absolute_error: meanAbsoluteError,
  mae: meanAbsoluteError,
};

/** Loss names `compile()` accepts, as Keras spells them. */
export const LOSS_NAMES: readonly string[] = Object.keys(LOSSES);

/** Canonical Keras name for a loss alias (`"mse"` → `"mean_squared_error"`). */
export function canonicalLossName(name: string): string {
  if (name === "mse") return "mean_squared_error";
  if (name === "mae") return "mean_absolute_error";
  return name;
}

/** True when the loss expects integer class labels rather than one-hot rows. */
export function isSparseLoss(lossName: string): boolean {
  return lossName === "sparse_categorical_crossentropy";
}

/**
 * The loss function for a Keras name; throws listing the known names.
 *
 * @example
 * ```ts
 * const loss = getLoss("sparse_categorical_crossentropy");
 * ```
 */
export function getLoss(name: string): LossFn {
  const fn = LOSSES[name];
  if (!fn) {
    throw new Error(
      `Unknown loss "${name}". Known losses: ${
        LOSS_NAMES.map((n) => `"${n}"`).join(", ")
      }` +
        `, or pass a function (yTrue, yPred) => scalar.`,
    );
  }
  return fn;
}
