/**
 * `Conv2DBackpropFilter` for the wasm backend, which lacks it.
 *
 * The filter gradient is itself a convolution (`filter_grad_conv.ts`), which
 * XNNPACK runs. 3×3 stride-1 ones of ≥ 8 input channels in fours and output
 * channels in eights use Winograd's F(3×3, 2×2) (`winograd_filter_grad.ts`);
 * other undilated convolutions with at least 4 output channels (every one in
 * the course) our SIMD kernel (`filter_grad_simd.ts`);
 * others with few taps the `colᵀ · dy` matrix product of
 * `filter_grad_gemm.ts`; a filter covering the whole input, one matrix
 * product (`dense_like.ts`).
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { Args, OriginalKernels } from "./wasm_ops.ts";
import { convGradCall } from "./conv_geometry.ts";
import { denseLikeFilterGrad, isDenseLike } from "./dense_like.ts";
import { filterGradAsConv } from "./filter_grad_conv.ts";
import { filterGradAsGemm } from "./filter_grad_gemm.ts";
import { filterGradSimd, simdFilterGradApplies } from "./filter_grad_simd.ts";
import {
  winogradFilterGrad,
  winogradFilterGradApplies,
} from "./winograd_filter_grad.ts";

/** Builds the kernel function. */
export function conv2dBackpropFilter(originals: OriginalKernels) {
  return (args: Args): tf.TensorInfo => {
    const { backend, inputs: { x, dy }, info } = convGradCall<
      tf.Conv2DBackpropFilterAttrs
    >("Conv2DBackpropFilter", args, ({ x }, a) => [x.shape, a.filterShape]);
    if (isDenseLike(info)) return denseLikeFilterGrad(backend, info, x, dy);
    const task = { originals, backend, x, dy, info };
    if (winogradFilterGradApplies(info)) {
      return winogradFilterGrad(task);
    }
    if (simdFilterGradApplies(info)) return filterGradSimd(task);
    // Measured at batch 256: the GEMM wins up to ~150 taps (LeNet's 5×5×1 and
    // 5×5×6, any 1×1: 2.5–6× faster); the convolution wins for 5×5×16.
    if (info.filterHeight * info.filterWidth * x.shape[3] <= GEMM_MAX_TAPS) {
      return filterGradAsGemm(task);
    }
    return filterGradAsConv(task);
  };
}

/** Filter taps (height × width × input channels) up to which the GEMM form is used. */
const GEMM_MAX_TAPS = 150;
