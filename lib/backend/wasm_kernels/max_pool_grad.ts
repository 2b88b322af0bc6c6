/**
 * `MaxPoolGrad` for the wasm backend. The built-in kernel starts its max search
 * at `numeric_limits<float>::min()` (the smallest *positive* float), so a window
 * whose values are all negative sends its gradient nowhere. This version (our
 * SIMD module, `wasm/max_pool_grad.ts`) routes each window's gradient to the
 * first maximum in row-major window order (found as the first value equal to
 * the pooled output; a window without one, possible only with NaN, sends it
 * to its first position)
 * — the same tie rule as the `cpu` backend (WebGPU may pick another position
 * among equal values; see `lib/backend/mod.ts`).
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { simdKernels } from "../simd/simd_module.ts";
import { type Args, offsetOf, startPoolGrad, unpack } from "./wasm_ops.ts";

/** The kernel function. */
export function maxPoolGrad(args: Args): tf.TensorInfo {
  const { backend, inputs: { dy, input, output }, attrs } = unpack<
    tf.MaxPoolGradAttrs
  >(args);
  const { info, dx } = startPoolGrad(backend, input, attrs, false);
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  simdKernels(backend).maxPoolGrad(
    offsetOf(backend, input),
    offsetOf(backend, output),
    offsetOf(backend, dy),
    offsetOf(backend, dx),
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
    info.padInfo.top,
    info.padInfo.left,
  );
  return dx;
}
