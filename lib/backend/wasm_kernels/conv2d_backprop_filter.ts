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
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import {
  accumulate,
  batchSlice,
  call,
  callCurrent,
  isDenseLike,
  type OriginalKernels,
  release,
  requireChannelsLast,
  reshape,
} from "./wasm_ops.ts";
import { transposeTensor } from "./transpose.ts";
import { filterGradAsGemm } from "./filter_grad_gemm.ts";
import { filterGradSimd, simdFilterGradApplies } from "./filter_grad_simd.ts";

/** Builds the kernel function. */
export function conv2dBackpropFilter(originals: OriginalKernels) {
  return (
    args: {
      inputs: tf.NamedTensorInfoMap;
      backend: unknown;
      attrs?: tf.NamedAttrMap;
    },
  ) => {
    const backend = args.backend as BackendWasm;
    const { x, dy } = args.inputs as Record<string, tf.TensorInfo>;
    const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    requireChannelsLast("Conv2DBackpropFilter", attrs.dataFormat);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    if (isDenseLike(info)) {
      // dW = xᵀ · dy with x as [N, fh·fw·C].
      const [fh, fw, c, o] = attrs.filterShape;
      const x2 = reshape(backend, x, [info.batchSize, fh * fw * c]);
      const dy2 = reshape(backend, dy, [info.batchSize, o]);
      const dw = callCurrent("BatchMatMul", backend, { a: x2, b: dy2 }, {
        transposeA: true,
        transposeB: false,
      });
      release(backend, x2, dy2);
      const out = reshape(backend, dw, attrs.filterShape);
      release(backend, dw);
      return out;
    }
    if (simdFilterGradApplies(info)) {
      return filterGradSimd(backend, x, dy, info);
    }
    // Measured at batch 256: the GEMM wins up to ~150 taps (LeNet's 5×5×1 and
    // 5×5×6, any 1×1: 2.5–6× faster); the convolution wins for 5×5×16.
    if (info.filterHeight * info.filterWidth * x.shape[3] <= GEMM_MAX_TAPS) {
      return filterGradAsGemm(originals, backend, x, dy, info);
    }
    return chunked(
      backend,
      x,
      dy,
      (xc, dyc) => filterGradAsConv(originals, backend, xc, dyc, info),
    );
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

/** Runs `grad` on batch chunks of `x`/`dy` and sums the results. */
export function chunked(
  backend: BackendWasm,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  grad: (x: tf.TensorInfo, dy: tf.TensorInfo) => tf.TensorInfo,
): tf.TensorInfo {
  const n = x.shape[0];
  if (n <= CHUNK) return grad(x, dy);
  let total: tf.TensorInfo | undefined;
  for (let b = 0; b < n; b += CHUNK) {
    const size = Math.min(CHUNK, n - b);
    const xc = batchSlice(backend, x, b, size);
    const dyc = batchSlice(backend, dy, b, size);
    const part = grad(xc, dyc);
    release(backend, xc, dyc);
    total = accumulate(backend, total, part);
  }
  return total!;
}

/**
 * The shared core: `x` `[N,H,W,C]`, `dy` `[N,outH,outW,O]` → `[fh,fw,C,O]`.
 * Also used by the depthwise filter gradient.
 */
export function filterGradAsConv(
  originals: OriginalKernels,
  backend: BackendWasm,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const {
    filterHeight: fh,
    filterWidth: fw,
    strideHeight: sh,
    strideWidth: sw,
  } = info;
  const [n, h, w, c] = x.shape;
  const { top, left } = info.padInfo;
  // Bottom/right padding that makes the output exactly fh×fw; negative means
  // the last rows/columns of x never meet the filter and are cropped.
  const bottom = fh + (info.outHeight - 1) * sh - h - top;
  const right = fw + (info.outWidth - 1) * sw - w - left;
  let xT = transposeTensor(backend, x, [3, 1, 2, 0]);
  if (bottom < 0 || right < 0) {
    const cropped = call(originals, "Slice", backend, { x: xT }, {
      begin: [0, 0, 0, 0],
      size: [c, h + Math.min(bottom, 0), w + Math.min(right, 0), n],
    });
    release(backend, xT);
    xT = cropped;
  }
  const dyT = transposeTensor(backend, dy, [1, 2, 0, 3]);
  const out = call(originals, "Conv2D", backend, { x: xT, filter: dyT }, {
    strides: [1, 1],
    dilations: [sh, sw],
    pad: [[0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [
      0,
      0,
    ]],
    dataFormat: "NHWC",
    dimRoundingMode: undefined,
  } as unknown as tf.NamedAttrMap);
  release(backend, xT, dyT);
  const dw = transposeTensor(backend, out, [1, 2, 0, 3]);
  release(backend, out);
  return dw;
}
