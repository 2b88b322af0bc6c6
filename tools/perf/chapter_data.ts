/**
 * The chapters' data for the tools that train as they do: MNIST's training
 * images NHWC, cast to float32 and divided by 255, and 10,000 of them held
 * out for validation with `trainTestSplit(randomState: 42)` — the first cell
 * of every chapter, without the test set.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { datasets, trainTestSplit } from "../../lib/data/mod.ts";

/** Training and validation tensors, as the chapters name them. */
export interface ChapterSplit {
  /** 50,000 images `[n, 28, 28, 1]`, float32 in [0, 1]. */
  xTrain: tf.Tensor;
  /** 10,000 held-out images. */
  xVal: tf.Tensor;
  /** Labels of `xTrain`. */
  yTrain: tf.Tensor;
  /** Labels of `xVal`. */
  yVal: tf.Tensor;
}

/** Loads MNIST and splits it exactly as the chapters do (the caller disposes). */
export async function chapterSplit(): Promise<ChapterSplit> {
  const [[x0, y0], [xTest, yTest]] = await datasets.mnist.loadData();
  tf.dispose([xTest, yTest]);
  const [h, w] = x0.shape.slice(1);
  const xAll = tf.tidy(() =>
    x0.reshape([x0.shape[0], h, w, 1]).cast("float32").div(255)
  );
  tf.dispose(x0);
  const [xTrain, xVal, yTrain, yVal] = trainTestSplit(xAll, y0, {
    testSize: 10000,
    randomState: 42,
  });
  tf.dispose([xAll, y0]);
  return { xTrain, xVal, yTrain, yVal };
}
