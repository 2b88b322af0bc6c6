/**
 * `Conv2DBackpropFilter` for the wasm backend, which lacks it.
 *
 * The filter gradient `dW[a,b,c,o] = Σ_{n,i,j} x[n, i·s+a−pT, j·s+b−pL, c] · dy[n,i,j,o]`
 * is itself a convolution: batch ↔ channels swapped in `x` (`[C,H,W,N]`), the
 * output gradient as the filter (`[outH,outW,N,O]`) with dilation equal to the
 * original stride. Running it through the wasm `Conv2D` kernel uses XNNPACK's
 * SIMD convolution instead of a scalar loop. Undilated convolutions with at
 * least 4 output channels (every one in the course) use our SIMD kernel
 * (`filter_grad_simd.ts`) instead; others with few taps the `colᵀ · dy`
 * matrix product of `filter_grad_gemm.ts`.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import {
  accumulate,
  type Args,
  batchSlice,
  call,
  type OriginalKernels,
  release,
} from "./wasm_ops.ts";
import {
  convGradCall,
  cropUnreached,
  filterGradPad,
  type FilterGradTask,
  geometryOf,
} from "./conv_geometry.ts";
import { denseLikeFilterGrad, isDenseLike } from "./dense_like.ts";
import { transposeTensor } from "./transpose.ts";
import { filterGradAsGemm } from "./filter_grad_gemm.ts";
import { filterGradSimd, simdFilterGradApplies } from "./filter_grad_simd.ts";

/** Builds the kernel function. */
export function conv2dBackpropFilter(originals: OriginalKernels) {
  return (args: Args): tf.TensorInfo => {
    const { backend, inputs: { x, dy }, info } = convGradCall<
      tf.Conv2DBackpropFilterAttrs
    >("Conv2DBackpropFilter", args, ({ x }, a) => [x.shape, a.filterShape]);
    if (isDenseLike(info)) return denseLikeFilterGrad(backend, info, x, dy);
    const task = { originals, backend, x, dy, info };
    if (simdFilterGradApplies(info)) return filterGradSimd(task);
    // Measured at batch 256: the GEMM wins up to ~150 taps (LeNet's 5×5×1 and
    // 5×5×6, any 1×1: 2.5–6× faster); the convolution wins for 5×5×16.
    if (info.filterHeight * info.filterWidth * x.shape[3] <= GEMM_MAX_TAPS) {
      return filterGradAsGemm(task);
    }
    return chunked(task, filterGradAsConv);
  };
}

/** Filter taps (height × width × input channels) up to which the GEMM form is used. */
const GEMM_MAX_TAPS = 150;

/**
 * Batch chunk for filter gradients: the output gradient acts as the
 * convolution's weights, which XNNPACK re-reads for every few output pixels;
 * chunks keep them in cache (≈25% faster at batch 256).
 */
const CHUNK = 64;

/** Runs `grad` on batch chunks of the task's `x`/`dy` and sums the results. */
export function chunked(
  task: FilterGradTask,
  grad: (task: FilterGradTask) => tf.TensorInfo,
): tf.TensorInfo {
  const { backend, x, dy } = task;
  const n = x.shape[0];
  if (n <= CHUNK) return grad(task);
  let total: tf.TensorInfo | undefined;
  for (let b = 0; b < n; b += CHUNK) {
    const size = Math.min(CHUNK, n - b);
    const xc = batchSlice(backend, x, b, size);
    const dyc = batchSlice(backend, dy, b, size);
    const part = grad({ ...task, x: xc, dy: dyc });
    release(backend, xc, dyc);
    total = accumulate(backend, total, part);
  }
  return total!;
}

/**
 * The filter gradient as a convolution (the depthwise filter gradient is the
 * same construction on a depthwise convolution).
 */
export function filterGradAsConv(
  { originals, backend, x, dy, info }: FilterGradTask,
): tf.TensorInfo {
  const g = geometryOf(x, info);
  const xT = cropUnreached(
    originals,
    backend,
    transposeTensor(backend, x, [3, 1, 2, 0]),
    g,
  );
  const dyT = transposeTensor(backend, dy, [1, 2, 0, 3]);
  const out = call(originals, "Conv2D", backend, { x: xT, filter: dyT }, {
    strides: [1, 1],
    dilations: [g.sh, g.sw],
    pad: filterGradPad(g),
    dataFormat: "NHWC",
    dimRoundingMode: undefined,
  } as unknown as tf.NamedAttrMap);
  release(backend, xT, dyT);
  const dw = transposeTensor(backend, out, [1, 2, 0, 3]);
  release(backend, out);
  return dw;
}
