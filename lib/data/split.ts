/**
 * `trainTestSplit` — scikit-learn's `train_test_split` for tfjs tensors,
 * bit-identical to it: the same size rules (`_validate_shuffle_split`), the
 * same generator (numpy's legacy `RandomState`) and ShuffleSplit's slicing
 * (test indices first, then train, from one permutation).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { RandomState } from "./mt19937.ts";

/** Options of {@link trainTestSplit}, named like scikit-learn's arguments. */
export interface TrainTestSplitOptions {
  /**
   * Integer → number of test samples; fractional → share of samples
   * (rounded up). Default 0.25 when `trainSize` is also omitted.
   * Note: JavaScript cannot tell `1.0` from `1`, so whole numbers count as sizes.
   */
  testSize?: number | null;
  /** Integer → number of train samples; fractional → share (rounded down). */
  trainSize?: number | null;
  /**
   * Integer seed in [0, 2**32 - 1] (like `random_state=42`; 0 is a valid
   * seed), a {@link RandomState} to draw from, or omitted for a fresh random seed.
   */
  randomState?: number | RandomState | null;
  /** Shuffle before splitting (default `true`); `false` takes the first samples for training. */
  shuffle?: boolean;
}

/** Train and test indices into the samples, in the order scikit-learn returns them. */
export interface SplitIndices {
  /** Indices of the training samples. */
  train: Int32Array;
  /** Indices of the test samples. */
  test: Int32Array;
}

const isInt = (v: number) => Number.isInteger(v);

/** How a wrong-typed argument reads in a message: `the string "0.2"`, `null`, `an array`. */
function describe(v: unknown): string {
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return `a ${typeof v}`;
}

/**
 * scikit-learn's `_validate_shuffle_split`: the `[nTrain, nTest]` sizes for
 * `nSamples` samples, with the same rounding (test: ceil, train: floor) and
 * the same error messages.
 *
 * @throws {RangeError} for sizes out of range or adding up to more than `nSamples`
 */
export function validateShuffleSplit(
  nSamples: number,
  testSize: number | null | undefined,
  trainSize: number | null | undefined,
  defaultTestSize = 0.25,
): [number, number] {
  let test = testSize ?? null;
  const train = trainSize ?? null;
  if (test === null && train === null) test = defaultTestSize;
  for (
    const [name, v] of [["test_size", test], ["train_size", train]] as const
  ) {
    if (v === null) continue;
    if (typeof v !== "number") {
      const camel = name === "test_size" ? "testSize" : "trainSize";
      throw new TypeError(
        `${camel} must be a number, got ${
          describe(v)
        }. Write it without quotes, ` +
          `e.g. ${camel}: 0.2 (a share) or ${camel}: 10000 (a count).`,
      );
    }
    if (!Number.isFinite(v)) {
      throw new RangeError(
        `Invalid value for ${name}: ${v}`,
      );
    }
    if (isInt(v) ? v >= nSamples || v <= 0 : v <= 0 || v >= 1) {
      throw new RangeError(
        `${name}=${v} should be either positive and smaller than the number of samples ` +
          `${nSamples} or a float in the (0, 1) range`,
      );
    }
  }
  if (
    test !== null && train !== null && !isInt(test) && !isInt(train) &&
    test + train > 1
  ) {
    throw new RangeError(
      `The sum of test_size and train_size = ${
        test + train
      }, should be in the (0, 1) range. ` +
        "Reduce test_size and/or train_size.",
    );
  }
  let nTest = test === null
    ? NaN
    : isInt(test)
    ? test
    : Math.ceil(test * nSamples);
  let nTrain = train === null
    ? NaN
    : isInt(train)
    ? train
    : Math.floor(train * nSamples);
  if (train === null) nTrain = nSamples - nTest;
  else if (test === null) nTest = nSamples - nTrain;
  if (nTrain + nTest > nSamples) {
    throw new RangeError(
      `The sum of train_size and test_size = ${
        nTrain + nTest
      }, should be smaller than the ` +
        `number of samples ${nSamples}. Reduce test_size and/or train_size.`,
    );
  }
  if (nTrain === 0) {
    throw new RangeError(
      `With n_samples=${nSamples}, test_size=${
        testSize ?? null
      } and train_size=${
        trainSize ?? null
      }, the resulting train set will be empty. Adjust any of the aforementioned parameters.`,
    );
  }
  return [nTrain, nTest];
}

/**
 * The train and test indices `train_test_split` would use for `nSamples` samples.
 *
 * @example
 * ```ts
 * const { train, test } = trainTestSplitIndices(10, { testSize: 3, randomState: 42 });
 * // test = [8, 1, 5], train = [0, 7, 2, 9, 4, 3, 6] — as scikit-learn
 * ```
 */
export function trainTestSplitIndices(
  nSamples: number,
  options: TrainTestSplitOptions = {},
): SplitIndices {
  if (!Number.isInteger(nSamples) || nSamples < 0) {
    throw new RangeError(
      `The number of samples must be a non-negative integer, got ${nSamples}.`,
    );
  }
  const [nTrain, nTest] = validateShuffleSplit(
    nSamples,
    options.testSize,
    options.trainSize,
  );
  if (options.shuffle === false) {
    const train = new Int32Array(nTrain);
    const test = new Int32Array(nTest);
    for (let i = 0; i < nTrain; i++) train[i] = i;
    for (let i = 0; i < nTest; i++) test[i] = nTrain + i;
    return { train, test };
  }
  const rng = toRandomState(options.randomState);
  const perm = rng.permutation(nSamples);
  return {
    train: perm.slice(nTest, nTest + nTrain),
    test: perm.slice(0, nTest),
  };
}

function toRandomState(
  seed: number | RandomState | null | undefined,
): RandomState {
  if (seed instanceof RandomState) return seed;
  if (seed === null || seed === undefined) return new RandomState();
  if (typeof seed !== "number") {
    throw new TypeError(
      `randomState must be an integer seed or a RandomState, got ${
        describe(seed)
      }. ` +
        "Write it without quotes, e.g. randomState: 42.",
    );
  }
  if (!Number.isInteger(seed)) {
    throw new TypeError(
      `${seed} cannot be used to seed a RandomState instance: use an integer in [0, 2**32 - 1].`,
    );
  }
  return new RandomState(seed);
}

/**
 * Splits `x` and `y` along their first axis exactly like scikit-learn's
 * `train_test_split(x, y, test_size=…, random_state=…)`.
 *
 * @returns `[xTrain, xTest, yTrain, yTest]` (new tensors; the inputs are not disposed)
 * @throws {RangeError} if `x` and `y` have different numbers of samples, or the sizes are invalid
 *
 * @example
 * ```ts
 * const [xTrain, xVal, yTrain, yVal] = trainTestSplit(xTrain0, yTrain0, {
 *   testSize: 10000,
 *   randomState: 42,
 * });
 * ```
 */
export function trainTestSplit<X extends tf.Tensor, Y extends tf.Tensor>(
  x: X,
  y: Y,
  options: TrainTestSplitOptions = {},
): [X, X, Y, Y] {
  for (const [name, t] of [["x", x], ["y", y]] as const) {
    if (!(t instanceof tf.Tensor)) {
      throw new TypeError(
        `trainTestSplit(): ${name} must be a tf.Tensor, got ${describe(t)}.`,
      );
    }
    if (t.isDisposed) {
      throw new Error(
        `trainTestSplit(): ${name} has been disposed (by tensor.dispose(), tf.dispose() or a ` +
          "tf.tidy that returned something else); pass a live tensor, e.g. load the data again.",
      );
    }
  }
  const n = x.shape[0];
  if (n === undefined || y.shape[0] !== n) {
    throw new RangeError(
      `Found input variables with inconsistent numbers of samples: [${n}, ${
        y.shape[0]
      }]. ` +
        "x and y must have the same first dimension.",
    );
  }
  const { train, test } = trainTestSplitIndices(n, options);
  return tf.tidy(() => {
    const trainIdx = tf.tensor1d(train, "int32");
    const testIdx = tf.tensor1d(test, "int32");
    return [
      tf.gather(x, trainIdx) as X,
      tf.gather(x, testIdx) as X,
      tf.gather(y, trainIdx) as Y,
      tf.gather(y, testIdx) as Y,
    ];
  });
}
