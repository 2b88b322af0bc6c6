/**
 * Fused batch normalisation in training mode for the wasm backend: one
 * kernel for the forward pass (per-channel mean and biased variance over
 * every axis but the last, then the normalised, scaled and shifted output)
 * and one for its gradient (per-channel sums of `dy` and `dy·x̂`, then `dx`).
 *
 * tfjs-layers trains BatchNormalization with `moments` plus `batchNorm`,
 * whose gradients on wasm take ~40 kernel calls per layer, among them a
 * `Tile` of `gamma` to the input's full shape and broadcasting `Mul`/`Sub`
 * (the wasm backend's broadcasting binary ops are scalar loops): LeNet-5
 * with BatchNorm ran 5× slower per step than without. These two kernels do
 * the same arithmetic in five SIMD passes over the data in all (our
 * AssemblyScript kernels, `wasm/batch_norm.ts`), with float64 sums.
 *
 * The names are in `core/kernel_names.ts`, so `keras/` can use the fused
 * path when the current backend has it without importing `backend/`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  BATCH_NORM_TRAIN,
  BATCH_NORM_TRAIN_GRAD,
} from "../../core/kernel_names.ts";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { simdKernels } from "../simd/simd_module.ts";
import { laneRows } from "./lane_rows.ts";
import { type Args, f32, offsetOf, release, unpack } from "./wasm_ops.ts";

/** Attributes of both kernels. */
interface BatchNormAttrs {
  /** Added to the variance before the square root. */
  varianceEpsilon: number;
}

/**
 * Heap scratch of one kernel call: three float64 sums and five float32
 * arrays of one value per SIMD lane (`width` each), in one float32 tensor
 * with the float64 sums first (8-byte aligned). `lane(i)` and `sum(i)` are byte
 * offsets for the SIMD kernels; `lanes(i)` and `sums(i)` views for JS.
 */
function scratchOf(backend: BackendWasm, width: number) {
  const info = backend.makeOutput([11 * width], "float32");
  return {
    info,
    /** Views are taken after every allocation of the call (see f32()). */
    at() {
      const base = offsetOf(backend, info);
      const heap = f32(backend, info).buffer;
      return {
        sum: (i: number) => base + i * 8 * width,
        lane: (i: number) => base + (6 + i) * 4 * width,
        sums: (i: number) =>
          new Float64Array(heap, base + i * 8 * width, width),
        lanes: (i: number) =>
          new Float32Array(heap, base + (6 + i) * 4 * width, width),
      };
    },
  };
}

/**
 * What both kernels start with: `x`'s rows and channels and their SIMD
 * layout, ε, their three outputs (one shaped like `x`, two per channel) and
 * the scratch. Views are taken only after this, since the last allocation
 * may have grown (and so detached) the heap.
 */
function kernelSetup(args: Args, x: tf.TensorInfo) {
  const { backend, attrs } = unpack<BatchNormAttrs>(args);
  const c = x.shape[x.shape.length - 1];
  const rows = tf.util.sizeFromShape(x.shape) / c;
  const layout = laneRows(rows, c);
  const outputs = [
    backend.makeOutput(x.shape, "float32"),
    backend.makeOutput([c], "float32"),
    backend.makeOutput([c], "float32"),
  ];
  const scratch = scratchOf(backend, layout.width);
  return {
    backend,
    simd: simdKernels(backend),
    view: (t: tf.TensorInfo) => f32(backend, t),
    at: (t: tf.TensorInfo) => offsetOf(backend, t),
    rows,
    c,
    layout,
    eps: attrs.varianceEpsilon,
    outputs,
    scratch,
  };
}

/** What {@link kernelSetup} returns. */
type KernelParts = ReturnType<typeof kernelSetup>;

/**
 * Σ d and Σ d² per channel, d = x − `shift` (float64 per channel): the SIMD
 * pass (float32 within blocks, float64 across) folded over the group, plus
 * the rows no SIMD row covers. Only a shift near the mean keeps the block
 * sums at the spread's scale, where float32 loses nothing that counts.
 */
function deviations(
  k: KernelParts,
  x: tf.TensorInfo,
  xs: Float32Array,
  shift: ArrayLike<number>,
): { sum: Float64Array; squares: Float64Array } {
  const { simd, rows, c, layout: { wideRows, width, tailStart } } = k;
  const s = k.scratch.at();
  splitMean(shift, s.lanes(0), s.lanes(1));
  simd.sumDeviations(
    k.at(x),
    wideRows,
    width,
    s.lane(0),
    s.lane(1),
    s.sum(0),
    s.sum(1),
  );
  const sum = fold(s.sums(0), c);
  const squares = fold(s.sums(1), c);
  for (let i = tailStart * c; i < rows * c; i++) {
    const d = xs[i] - shift[i % c];
    sum[i % c] += d;
    squares[i % c] += d * d;
  }
  return { sum, squares };
}

/**
 * Writes `mean` split in two float32s per lane, `hi` its rounding and `lo`
 * the rest, so the kernels' `(x − hi) − lo` is as exact as the float64 mean:
 * with a mean large next to the spread, x − mean in float32 from a rounded
 * mean would lose a visible share of the spread.
 */
function splitMean(
  mean: ArrayLike<number>,
  hi: Float32Array,
  lo: Float32Array,
) {
  const c = mean.length;
  for (let j = 0; j < hi.length; j++) {
    hi[j] = mean[j % c];
    lo[j] = mean[j % c] - hi[j];
  }
}

/** Sets each lane of `lanes` to its channel's value of `perChannel`. */
function spread(perChannel: ArrayLike<number>, lanes: Float32Array) {
  const c = perChannel.length;
  for (let j = 0; j < lanes.length; j++) lanes[j] = perChannel[j % c];
}

/** Folds per-lane float64 sums to per-channel ones. */
function fold(sums: Float64Array, c: number): Float64Array {
  const out = new Float64Array(c);
  for (let j = 0; j < sums.length; j++) out[j % c] += sums[j];
  return out;
}

/**
 * Forward: inputs `x` (float32, channels last), `gamma`, `beta` (`[C]`);
 * outputs `[y, mean, variance]`, the variance biased (divided by the count)
 * as `tf.moments` gives it, so the moving averages see the same value.
 * Three SIMD passes: two for the statistics (shifted sums keep the mean
 * and variance exact when the mean is large next to the spread), then y.
 */
export function batchNormTrain(args: Args): tf.TensorInfo[] {
  const { x, gamma, beta } = unpack(args).inputs;
  const k = kernelSetup(args, x);
  const { simd, rows, c, layout, eps, outputs, view, at } = k;
  const { wideRows, width, tailStart } = layout;
  const [xs, g, b] = [x, gamma, beta].map(view);
  const [ys, means, vars] = outputs.map(view);
  // First pass shifted by the first row (a sample, so within a few spreads
  // of the mean); the second by the mean itself, where Σ(x − m)² loses
  // nothing, and − (Σd)²/N corrects for m's own rounding.
  const first = xs.slice(0, c);
  const rough = deviations(k, x, xs, first);
  const mean = Float64Array.from(first, (v, j) => v + rough.sum[j] / rows);
  const { sum, squares } = deviations(k, x, xs, mean);
  const scaleOf = new Float64Array(c);
  for (let j = 0; j < c; j++) {
    const variance = Math.max(0, squares[j] - sum[j] * sum[j] / rows) / rows;
    means[j] = mean[j];
    vars[j] = variance;
    scaleOf[j] = g[j] / Math.sqrt(variance + eps);
  }
  const s = k.scratch.at();
  splitMean(mean, s.lanes(0), s.lanes(1));
  spread(scaleOf, s.lanes(2));
  spread(b, s.lanes(3));
  simd.normalizeRows(
    at(x),
    at(outputs[0]),
    wideRows,
    width,
    s.lane(0),
    s.lane(1),
    s.lane(2),
    s.lane(3),
  );
  for (let i = tailStart * c; i < rows * c; i++) {
    const j = i % c;
    ys[i] = (xs[i] - mean[j]) * scaleOf[j] + b[j];
  }
  release(k.backend, k.scratch.info);
  return outputs;
}

/**
 * Gradient: inputs `dy`, `x`, `mean` (the forward's, rounded to float32:
 * only the shift from which the exact mean is recomputed), `variance`,
 * `gamma`; outputs
 * `[dx, dgamma, dbeta]` for `y = gamma·(x − mean)/√(variance + ε) + beta`
 * with the mean and variance those of the batch (so `dx` includes their
 * dependence on `x`). Two SIMD passes: the sums, then dx.
 */
export function batchNormTrainGrad(args: Args): tf.TensorInfo[] {
  const { dy, x, mean: mean32, variance, gamma } = unpack(args).inputs;
  const k = kernelSetup(args, x);
  const { simd, rows, c, layout, eps, outputs, view, at } = k;
  const { wideRows, width, tailStart } = layout;
  const s = k.scratch.at();
  const [dys, xs, m32, v, g] = [dy, x, mean32, variance, gamma].map(view);
  const [dx, dgamma, dbeta] = outputs.map(view);
  // One pass, shifted by the forward's float32 mean: Σdy, Σdy·d and Σd with
  // d = x − m32. The exact mean is m32 + Σd/N, and
  // Σdy·(x − mean) = Σdy·d − (Σd/N)·Σdy, both in float64.
  splitMean(m32, s.lanes(0), s.lanes(1));
  simd.sumGradRows(
    at(dy),
    at(x),
    wideRows,
    width,
    s.lane(0),
    s.lane(1),
    s.sum(0),
    s.sum(1),
    s.sum(2),
  );
  const sumDy = fold(s.sums(0), c);
  const sumDyD = fold(s.sums(1), c);
  const sumD = fold(s.sums(2), c);
  for (let i = tailStart * c; i < rows * c; i++) {
    const j = i % c;
    const d = xs[i] - m32[j];
    sumDy[j] += dys[i];
    sumDyD[j] += dys[i] * d;
    sumD[j] += d;
  }
  const mean = new Float64Array(c);
  for (let j = 0; j < c; j++) {
    const delta = sumD[j] / rows;
    mean[j] = m32[j] + delta;
    sumDyD[j] -= delta * sumDy[j]; // now Σ dy·(x − mean)
  }
  // dx = a·dy + b·(x − μ) + c0 per channel, from
  // dx = γ·inv·(dy − Σdy/N − (x − μ)·inv²·Σdy(x − μ)/N).
  const ak = new Float64Array(c);
  const bk = new Float64Array(c);
  const ck = new Float64Array(c);
  for (let j = 0; j < c; j++) {
    const inv = 1 / Math.sqrt(v[j] + eps);
    dbeta[j] = sumDy[j];
    dgamma[j] = sumDyD[j] * inv;
    ak[j] = g[j] * inv;
    bk[j] = -ak[j] * inv * inv * sumDyD[j] / rows;
    ck[j] = -ak[j] * sumDy[j] / rows;
  }
  splitMean(mean, s.lanes(0), s.lanes(1));
  spread(ak, s.lanes(2));
  spread(bk, s.lanes(3));
  spread(ck, s.lanes(4));
  simd.gradRows(
    at(dy),
    at(x),
    at(outputs[0]),
    wideRows,
    width,
    s.lane(0),
    s.lane(1),
    s.lane(2),
    s.lane(3),
    s.lane(4),
  );
  for (let i = tailStart * c; i < rows * c; i++) {
    const j = i % c;
    dx[i] = ak[j] * dys[i] + bk[j] * (xs[i] - mean[j]) + ck[j];
  }
  release(k.backend, k.scratch.info);
  return outputs;
}

let registered = false;

/**
 * Registers both kernels on wasm and the forward kernel's gradient
 * (idempotent). `registerWasmTrainingKernels()` calls it.
 */
export function registerBatchNormKernels(): void {
  if (registered) return;
  tf.registerKernel({
    kernelName: BATCH_NORM_TRAIN,
    backendName: "wasm",
    kernelFunc: batchNormTrain as tf.KernelFunc,
  });
  tf.registerKernel({
    kernelName: BATCH_NORM_TRAIN_GRAD,
    backendName: "wasm",
    kernelFunc: batchNormTrainGrad as tf.KernelFunc,
  });
  tf.registerGradient({
    kernelName: BATCH_NORM_TRAIN,
    inputsToSave: ["x", "gamma"],
    outputsToSave: [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [x, gamma, mean, variance] = saved;
      const dy = (dys as tf.Tensor[])[0];
      const [dx, dgamma, dbeta] = tf.engine().runKernel(
        BATCH_NORM_TRAIN_GRAD,
        { dy, x, mean, variance, gamma },
        attrs as tf.NamedAttrMap,
      ) as tf.Tensor[];
      return { x: () => dx, gamma: () => dgamma, beta: () => dbeta };
    },
  });
  registered = true;
}
