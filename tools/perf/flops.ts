/**
 * Floating-point operations of one training step, counted analytically from
 * the shapes of a model's convolutions and matrix products (what
 * `deno task bench` divides by the step time for GFLOP/s).
 *
 * Counted: every convolution, depthwise convolution and dense/matrix
 * product of the forward pass, 2 FLOPs per multiply-accumulate (from the
 * shapes of the kernels one forward pass at batch 1 runs, so subclassed and
 * nested models count like the rest); a training step is 3× that (forward,
 * gradient of the input, gradient of the weights), the usual
 * approximation. Not counted: activations, pooling, BatchNorm, the loss,
 * bias additions and the optimizer (a few % of LeNet's, less elsewhere) and
 * the first layer's input gradient, which is not needed but is in the 3×.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Model } from "../../lib/internals.ts";

/** One profiled kernel, as `tf.profile` reports it. */
export interface ProfiledKernel {
  /** Kernel name, e.g. `FusedConv2D`. */
  name: string;
  /** Shapes of its inputs (x, filter, …). */
  inputShapes: (number[] | null)[];
  /** Shapes of its outputs. */
  outputShapes: (number[] | null)[];
}

const CONV = new Set(["Conv2D", "FusedConv2D"]);
const DEPTHWISE = new Set(["DepthwiseConv2dNative", "FusedDepthwiseConv2D"]);
const MATMUL = new Set(["BatchMatMul", "_FusedMatMul"]);

/** Forward FLOPs (2 per multiply-accumulate) of the kernels, 0 for others. */
export function kernelFlops(k: ProfiledKernel): number {
  const size = (s: number[] | null | undefined) =>
    s ? s.reduce((a, b) => a * b, 1) : 0;
  const out = k.outputShapes[0];
  const filter = k.inputShapes[1];
  if (!out || !filter) return 0;
  if (CONV.has(k.name)) {
    // [N, Ho, Wo, Cout] outputs, each kh·kw·Cin multiply-accumulates.
    const [kh, kw, cin] = filter;
    return 2 * size(out) * kh * kw * cin;
  }
  if (DEPTHWISE.has(k.name)) {
    // [N, Ho, Wo, Cin·mult] outputs, each kh·kw multiply-accumulates.
    const [kh, kw] = filter;
    return 2 * size(out) * kh * kw;
  }
  if (MATMUL.has(k.name)) {
    // [B, M, N] outputs, each K multiply-accumulates (K: a's last axis,
    // or the one before when a is transposed, K = size(a) / (B·M)).
    const a = k.inputShapes[0]!;
    const [batch, m] = [out[0], out[out.length - 2]];
    return 2 * size(out) * (size(a) / (batch * m));
  }
  return 0;
}

/** Forward FLOPs per sample of `model` for `[28, 28, 1]`-like `inputShape`. */
export async function forwardFlops(
  model: Model,
  inputShape: number[] = [28, 28, 1],
): Promise<number> {
  const x = tf.zeros([1, ...inputShape]);
  const info = await tf.profile(() => model.forward(x, false));
  x.dispose();
  info.result instanceof tf.Tensor && info.result.dispose();
  return info.kernels.reduce(
    (a, k) => a + kernelFlops(k as unknown as ProfiledKernel),
    0,
  );
}

/** Training-step FLOPs per sample: 3 × forward. */
export async function trainingFlopsPerSample(model: Model): Promise<number> {
  return 3 * await forwardFlops(model);
}
