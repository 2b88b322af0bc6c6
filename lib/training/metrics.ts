/**
 * Keras metrics as per-batch means; the training loop turns them into
 * running means over the epoch weighted by batch size, as Keras's `Mean`
 * metrics do.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { meanAbsoluteError, meanSquaredError } from "./losses.ts";

/** A metric: mean over the batch of a per-sample value. */
export type MetricFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/** A metric resolved for a compiled model: the name Keras prints and its function. */
export interface ResolvedMetric {
  /** The name as the user wrote it (`"accuracy"`), used in logs and progress lines. */
  name: string;
  /** Computes the batch mean. */
  fn: MetricFn;
}

/** Accuracy of integer labels against the arg-max of the predictions. */
export function sparseCategoricalAccuracy(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
): tf.Scalar {
  return tf.tidy(() => {
    const labels = tf.cast(tf.reshape(yTrue, [-1]), "int32");
    const predicted = tf.reshape(tf.argMax(yPred, -1), [-1]);
    return tf.mean(
      tf.cast(tf.equal(labels, predicted), "float32"),
    ) as tf.Scalar;
  });
}

/** Accuracy of one-hot targets: arg-max of targets equals arg-max of predictions. */
export function categoricalAccuracy(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
): tf.Scalar {
  return tf.tidy(() =>
    tf.mean(
      tf.cast(tf.equal(tf.argMax(yTrue, -1), tf.argMax(yPred, -1)), "float32"),
    ) as tf.Scalar
  );
}

/** Accuracy of 0/1 targets against predictions thresholded at 0.5. */
export function binaryAccuracy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const predicted = tf.cast(tf.greater(yPred, 0.5), "float32");
    const t = tf.cast(yTrue, "float32");
    return tf.mean(
      tf.cast(tf.equal(tf.reshape(t, predicted.shape), predicted), "float32"),
    ) as tf.Scalar;
  });
}

/**
 * Keras's `"accuracy"`: picks binary, sparse or categorical accuracy from
 * the shapes, like `keras.metrics.get("accuracy")` inside `compile`.
 */
export function accuracy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  const classes = yPred.shape[yPred.shape.length - 1];
  if (classes === 1) return binaryAccuracy(yTrue, yPred);
  const sameRank = yTrue.rank === yPred.rank;
  const lastTrue = yTrue.shape[yTrue.shape.length - 1];
  if (sameRank && lastTrue === classes) {
    return categoricalAccuracy(yTrue, yPred);
  }
  return sparseCategoricalAccuracy(yTrue, yPred);
}

const METRICS: Record<string, MetricFn> = {
  accuracy,
  acc: accuracy,
  sparse_categorical_accuracy: sparseCategoricalAccuracy,
  categorical_accuracy: categoricalAccuracy,
  binary_accuracy: binaryAccuracy,
  mean_squared_error: meanSquaredError,
  mse: meanSquaredError,
  mean_absolute_error: meanAbsoluteError,
  mae: meanAbsoluteError,
};

/** Metric names `compile()` accepts. */
export const METRIC_NAMES: readonly string[] = Object.keys(METRICS);

/** Throws listing the known metrics when `name` is not one of them. */
export function checkMetricName(name: string): void {
  if (!(name in METRICS)) {
    throw new Error(
      `Unknown metric "${name}". Known metrics: ${
        METRIC_NAMES.map((n) => `"${n}"`).join(", ")
      }.`,
    );
  }
}

/**
 * Resolves metric names into functions.
 *
 * @example
 * ```ts
 * const [acc] = resolveMetrics(["accuracy"]);
 * ```
 */
export function resolveMetrics(names: readonly string[]): ResolvedMetric[] {
  return names.map((name) => {
    checkMetricName(name);
    return { name, fn: METRICS[name] };
  });
}
