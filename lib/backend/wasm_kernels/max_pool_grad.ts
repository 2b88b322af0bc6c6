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
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { simdKernels } from "../simd/simd_module.ts";
import { offsetOf, startPoolGrad } from "./wasm_ops.ts";

/** The kernel function. */
export function maxPoolGrad(
  args: {
    inputs: tf.NamedTensorInfoMap;
    backend: unknown;
    attrs?: tf.NamedAttrMap;
  },
): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, input, output } = args.inputs as Record<string, tf.TensorInfo>;
  const attrs = args.attrs as unknown as tf.MaxPoolGradAttrs;
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
