/**
 * Times `fit` itself, as a notebook runs it: shuffled batches drawn from a
 * 50,000-image training tensor, the loss and accuracy read back every batch
 * (with `fit`'s NaN guard), and the progress bar on, written to a Jupyter
 * output whose display discards the bundles (so the bar's text and HTML are
 * still formatted at the notebook's refresh rate). A callback stops `fit`
 * after `warmup + steps` batches; the figure is the mean time per batch over
 * the last `steps`, everything between two batch ends included.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  JupyterWriter,
  type Model,
  NaNLossError,
  setRandomSeed,
  type StoppableModel,
  type TrainingCallback,
} from "../../lib/internals.ts";
import { buildModel, type ModelName } from "./bench_step.ts";

/** Training images in the course (MNIST's 60,000 less 10,000 for validation). */
export const TRAIN_IMAGES = 50_000;

/** Seed of {@link trainingData}'s images and labels, so runs time the same data. */
export const DATA_SEED = 19;

/**
 * MNIST-like random training data: `[n, 28, 28, 1]` images, about 80 % of
 * the pixels 0 and the rest in [0.8, 1) (MNIST's mean pixel is 0.13; dense
 * uniform noise, mean 0.5, drove the separable Inception's loss to NaN within
 * the warm-up from five seeds in a row), and labels 0–9, both seeded.
 */
export function trainingData(n = TRAIN_IMAGES): [tf.Tensor, tf.Tensor] {
  return [
    tf.tidy(() => {
      const u = tf.randomUniform([n, 28, 28, 1], 0, 1, "float32", DATA_SEED);
      return u.mul(u.greaterEqual(0.8));
    }),
    tf.randomUniformInt([n], 0, 10, DATA_SEED),
  ];
}

/** How {@link timeFit} runs. */
export interface FitTiming {
  /** Batch size. */
  batch: number;
  /** Batches timed. */
  steps: number;
  /** Batches run first and not timed (V8 optimises the TypeScript kernels). */
  warmup: number;
}

/** One `fit` of `warmup + steps` batches; returns the timed batches' mean ms. */
export async function timeFit(
  model: Model,
  x: tf.Tensor,
  y: tf.Tensor,
  { batch, steps, warmup }: FitTiming,
): Promise<number> {
  const ends: number[] = [];
  let start = 0;
  let trained: StoppableModel | undefined;
  const stopper: TrainingCallback = {
    setModel(m) {
      trained = m;
    },
    onTrainBegin() {
      start = performance.now();
    },
    onBatchEnd() {
      ends.push(performance.now());
      if (ends.length >= warmup + steps) trained!.stopTraining = true;
    },
  };
  await model.fit(x, y, {
    epochs: 1,
    batchSize: batch,
    verbose: 1,
    writer: new JupyterWriter(() => Promise.resolve()),
    callbacks: [stopper],
  });
  if (ends.length < warmup + steps) {
    throw new Error(
      `fit ran ${ends.length} batches, fewer than the ${
        warmup + steps
      } asked for: use more training images or a smaller batch.`,
    );
  }
  const from = warmup === 0 ? start : ends[warmup - 1];
  return (ends[warmup + steps - 1] - from) / steps;
}

/** Attempts {@link timeFreshFit} makes before giving up on a diverging model. */
export const ATTEMPTS = 5;

/**
 * {@link timeFit} on a freshly built `name` (weights from `setRandomSeed(seed)`,
 * so rounds do not drift): random labels with SGD 0.1 can drive
 * mini-Inception's loss to NaN within a few batches, and `fit` then stops,
 * so a diverged attempt is retried from the next seed. Returns the ms per
 * batch and the seeds that diverged.
 */
export async function timeFreshFit(
  name: ModelName,
  x: tf.Tensor,
  y: tf.Tensor,
  timing: FitTiming,
  seed: number,
): Promise<{ ms: number; diverged: number[] }> {
  const diverged: number[] = [];
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    setRandomSeed(seed + attempt);
    const model = buildModel(name);
    try {
      return { ms: await timeFit(model, x, y, timing), diverged };
    } catch (e) {
      if (!(e instanceof NaNLossError)) throw e;
      diverged.push(seed + attempt);
    } finally {
      tf.dispose(model.weights);
      model.compiled?.optimizer.dispose();
    }
  }
  throw new Error(
    `${name}: the loss became NaN from ${ATTEMPTS} initial weights in a row (seeds ${diverged}).`,
  );
}
