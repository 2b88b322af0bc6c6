/**
 * Our side of the divergence study (`divergence_study.ts`): chapter 03's
 * data, one seeded mini-Inception per seed with its initial weights and
 * batch order written out for PyTorch, and the tutorial's training steps
 * exactly as `fit()` runs them.
 *
 * Files (raw little-endian, read by `divergence_torch.py`):
 *   DATA_DIR/x.f32, y.i32     the training images (NHWC, /255) and labels
 *   SEED_DIR/manifest.json    `{ layers: [{ layer, kernel, bias }] }`, each
 *                             weight `{ shape, file }` with Keras's shape
 *   SEED_DIR/<layer>.<w>.f32  one file per kernel and bias
 *   SEED_DIR/order.i32        the training indices, batch after batch
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { type Model, RandomState, setRandomSeed } from "../../lib/internals.ts";
import { writeFileAtomic, writeTextFileAtomic } from "../../lib/files/mod.ts";
import { buildModel, fitStep } from "./bench_step.ts";
import { chapterSplit } from "./chapter_data.ts";

/** The training set as the study uses it (kept by the caller). */
export interface StudyData {
  /** Images `[n, 28, 28, 1]`, float32 in [0, 1]. */
  x: tf.Tensor4D;
  /** Labels `[n]`. */
  y: tf.Tensor1D;
}

function bytesOf(a: Float32Array | Int32Array): Uint8Array {
  // Typed arrays are little-endian on every machine Deno runs on (x86, ARM).
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * Chapter 03's training set — MNIST NHWC, cast to float32 and divided by
 * 255, 10,000 images held out with `trainTestSplit(randomState: 42)` — or
 * its first `subset` images, written to `dir` for PyTorch.
 */
export async function prepareData(
  dir: string,
  subset?: number,
): Promise<StudyData> {
  const { xTrain, xVal, yTrain, yVal } = await chapterSplit();
  tf.dispose([xVal, yVal]);
  let x = xTrain as tf.Tensor4D;
  let y = tf.tidy(() => yTrain.cast("int32")) as tf.Tensor1D;
  tf.dispose(yTrain);
  if (subset !== undefined && subset < x.shape[0]) {
    const [xs, ys] = [x.slice(0, subset), y.slice(0, subset)];
    tf.dispose([x, y]);
    [x, y] = [xs, ys];
  }
  await writeFileAtomic(
    join(dir, "x.f32"),
    bytesOf(await x.data() as Float32Array),
  );
  await writeFileAtomic(
    join(dir, "y.i32"),
    bytesOf(await y.data() as Int32Array),
  );
  return { x, y };
}

/** One seed's starting point: the compiled model and its batch order. */
export interface SeedStart {
  /** mini-Inception, compiled as the tutorial does. */
  model: Model;
  /** Training indices for all the batches, in order. */
  order: Int32Array;
}

/**
 * Seeds the library (`setRandomSeed(seed)`, as the chapter does), builds
 * and compiles mini-Inception, draws the batch order from the same seed
 * (NumPy's `RandomState(seed).permutation`, repeated when the study wants
 * more batches than one epoch has), and writes both to `dir`.
 */
export async function startSeed(
  seed: number,
  samples: number,
  batches: number,
  batchSize: number,
  dir: string,
): Promise<SeedStart> {
  setRandomSeed(seed);
  const model = buildModel("miniInception");
  const rs = new RandomState(seed);
  const order = new Int32Array(batches * batchSize);
  // Full batches only, so both frameworks see the same batch sizes.
  const perEpoch = Math.floor(samples / batchSize) * batchSize;
  if (perEpoch === 0) {
    throw new RangeError(
      `divergence study: ${samples} images are fewer than one batch of ${batchSize}.`,
    );
  }
  for (let at = 0; at < order.length;) {
    const take = Math.min(perEpoch, order.length - at);
    order.set(rs.permutation(samples).subarray(0, take), at);
    at += take;
  }
  await Deno.mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, "order.i32"), bytesOf(order));
  const groups = new Map<string, Record<string, tf.Variable>>();
  for (const e of model.weightEntries) {
    const path = e.path ?? e.name;
    const layer = path.slice(0, path.lastIndexOf("/"));
    groups.set(layer, { ...groups.get(layer), [e.name]: e.variable });
  }
  const layers = [];
  for (const [layer, ws] of groups) {
    const entry: Record<string, unknown> = { layer };
    for (const [name, v] of Object.entries(ws)) {
      const file = `${layer.replaceAll("/", "_")}.${name}.f32`;
      await writeFileAtomic(
        join(dir, file),
        bytesOf(await v.data() as Float32Array),
      );
      entry[name] = { shape: v.shape, file };
    }
    layers.push(entry);
  }
  await writeTextFileAtomic(
    join(dir, "manifest.json"),
    JSON.stringify({ seed, layers }, null, 1) + "\n",
  );
  return { model, order };
}

/**
 * Trains on the batches of `order` one `fit()` step at a time; returns the
 * loss of each batch (computed before its update). Stops at the first
 * NaN/Inf loss, as `fit()` does (that batch's update is not applied).
 */
export async function trainOurs(
  start: SeedStart,
  data: StudyData,
  batchSize: number,
): Promise<number[]> {
  const losses: number[] = [];
  for (let at = 0; at < start.order.length; at += batchSize) {
    const idx = tf.tensor1d(start.order.subarray(at, at + batchSize), "int32");
    const xb = tf.gather(data.x, idx);
    const yb = tf.gather(data.y, idx);
    const [loss] = await fitStep(start.model, xb, yb);
    tf.dispose([idx, xb, yb]);
    losses.push(loss);
    if (!Number.isFinite(loss)) break;
  }
  tf.dispose(start.model.weights);
  return losses;
}
