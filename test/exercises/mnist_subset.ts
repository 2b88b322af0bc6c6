/**
 * A small normalised MNIST subset for the exercise tests that train, on the
 * fastest CPU backend.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { silenceNodeBanner, useBestBackend } from "../../lib/backend/mod.ts";
import { datasets } from "../../lib/data/mod.ts";

/** Images (N, 28, 28, 1) in [0, 1] and int32 labels. */
export interface Subset {
  x: tf.Tensor;
  y: tf.Tensor;
}

/** The first `nTrain` training and `nTest` test images, kept for the whole test file. */
export async function mnistSubset(
  nTrain: number,
  nTest: number,
): Promise<{ train: Subset; test: Subset }> {
  silenceNodeBanner();
  await useBestBackend({ quiet: true });
  const [[xTrain, yTrain], [xTest, yTest]] = await datasets.mnist.loadData();
  const prep = (x: tf.Tensor, n: number) =>
    tf.tidy(() =>
      tf.div(tf.reshape(tf.cast(x.slice(0, n), "float32"), [n, 28, 28, 1]), 255)
    );
  const out = {
    train: { x: prep(xTrain, nTrain), y: yTrain.slice(0, nTrain) },
    test: { x: prep(xTest, nTest), y: yTest.slice(0, nTest) },
  };
  tf.dispose([xTrain, yTrain, xTest, yTest]);
  return out;
}
