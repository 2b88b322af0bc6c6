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
 * the same arithmetic in five passes over the data in all.
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
import { type Args, f32, unpack } from "./wasm_ops.ts";

/** Attributes of both kernels. */
interface BatchNormAttrs {
  /** Added to the variance before the square root. */
  varianceEpsilon: number;
}

/**
 * What both kernels start with: `x`'s rows and channels, ε, their three
 * outputs (one shaped like `x`, two per channel) and `view`, a tensor's
 * Float32Array on the heap. Views are taken only after this, since the last
 * allocation may have grown (and so detached) the heap.
 */
function kernelSetup(args: Args, x: tf.TensorInfo) {
  const { backend, attrs } = unpack<BatchNormAttrs>(args);
  const c = x.shape[x.shape.length - 1];
  return {
    view: (t: tf.TensorInfo) => f32(backend, t),
    rows: tf.util.sizeFromShape(x.shape) / c,
    c,
    eps: attrs.varianceEpsilon,
    outputs: [
      backend.makeOutput(x.shape, "float32"),
      backend.makeOutput([c], "float32"),
      backend.makeOutput([c], "float32"),
    ],
  };
}

/**
 * Forward: inputs `x` (float32, channels last), `gamma`, `beta` (`[C]`);
 * outputs `[y, mean, variance]`, the variance biased (divided by the count)
 * as `tf.moments` gives it, so the moving averages see the same value.
 */
export function batchNormTrain(args: Args): tf.TensorInfo[] {
  const { x, gamma, beta } = unpack(args).inputs;
  const { rows, c, eps, outputs, view } = kernelSetup(args, x);
  const [xs, g, b] = [x, gamma, beta].map(view);
  const [ys, means, vars] = outputs.map(view);
  // Float64 sums: the cpu reference sums in float32, exactly enough for 1e-4.
  const acc = new Float64Array(c);
  for (let i = 0, p = 0; i < rows; i++) {
    for (let k = 0; k < c; k++, p++) acc[k] += xs[p];
  }
  const mean = new Float64Array(c);
  for (let k = 0; k < c; k++) {
    mean[k] = acc[k] / rows;
    acc[k] = 0;
  }
  // Two passes (mean, then squared deviations) keep the variance exact when
  // the mean is large next to the spread.
  for (let i = 0, p = 0; i < rows; i++) {
    for (let k = 0; k < c; k++, p++) {
      const d = xs[p] - mean[k];
      acc[k] += d * d;
    }
  }
  // Float64 coefficients: x·scale + shift cancels when the mean is large
  // next to the spread, and float32 ones would lose what the two-pass
  // variance kept (JS computes in float64 either way).
  const scale = new Float64Array(c);
  const shift = new Float64Array(c);
  for (let k = 0; k < c; k++) {
    const variance = acc[k] / rows;
    means[k] = mean[k];
    vars[k] = variance;
    const s = g[k] / Math.sqrt(variance + eps);
    scale[k] = s;
    shift[k] = b[k] - mean[k] * s;
  }
  for (let i = 0, p = 0; i < rows; i++) {
    for (let k = 0; k < c; k++, p++) ys[p] = xs[p] * scale[k] + shift[k];
  }
  return outputs;
}

/**
 * Gradient: inputs `dy`, `x`, `mean` (not read: recomputed in float64),
 * `variance`, `gamma`; outputs
 * `[dx, dgamma, dbeta]` for `y = gamma·(x − mean)/√(variance + ε) + beta`
 * with the mean and variance those of the batch (so `dx` includes their
 * dependence on `x`).
 */
export function batchNormTrainGrad(args: Args): tf.TensorInfo[] {
  const { dy, x, variance, gamma } = unpack(args).inputs;
  const { rows, c, eps, outputs, view } = kernelSetup(args, x);
  const [dys, xs, v, g] = [dy, x, variance, gamma].map(view);
  const [dx, dgamma, dbeta] = outputs.map(view);
  // One pass for Σdy, Σdy·x and Σx in float64. The mean is recomputed here
  // rather than read from `mean`: that one is rounded to float32, and with a
  // mean large next to the spread its rounding error is a visible share of
  // x − μ. Σdy·(x − μ) = Σdy·x − μ·Σdy loses nothing in float64.
  const sumDy = new Float64Array(c);
  const sumDyX = new Float64Array(c);
  const sumX = new Float64Array(c);
  for (let i = 0, p = 0; i < rows; i++) {
    for (let k = 0; k < c; k++, p++) {
      const d = dys[p];
      const xp = xs[p];
      sumDy[k] += d;
      sumDyX[k] += d * xp;
      sumX[k] += xp;
    }
  }
  const mu = new Float64Array(c);
  for (let k = 0; k < c; k++) {
    mu[k] = sumX[k] / rows;
    sumDyX[k] -= mu[k] * sumDy[k]; // now Σ dy·(x − mean)
  }
  // dx = a·dy + b·x + c0 per channel, from
  // dx = γ·inv·(dy − Σdy/N − (x − μ)·inv²·Σdy(x − μ)/N).
  // Float64 for the same reason as the forward's scale and shift.
  const a = new Float64Array(c);
  const bx = new Float64Array(c);
  const c0 = new Float64Array(c);
  for (let k = 0; k < c; k++) {
    const inv = 1 / Math.sqrt(v[k] + eps);
    dbeta[k] = sumDy[k];
    dgamma[k] = sumDyX[k] * inv;
    const ak = g[k] * inv;
    const bk = -ak * inv * inv * sumDyX[k] / rows;
    a[k] = ak;
    bx[k] = bk;
    c0[k] = -ak * sumDy[k] / rows - bk * mu[k];
  }
  for (let i = 0, p = 0; i < rows; i++) {
    for (let k = 0; k < c; k++, p++) {
      dx[p] = a[k] * dys[p] + bx[k] * xs[p] + c0[k];
    }
  }
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
