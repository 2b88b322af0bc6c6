/**
 * `MaxPoolGrad` for the wasm backend. The built-in kernel starts its max search
 * at `numeric_limits<float>::min()` (the smallest *positive* float), so a window
 * whose values are all negative sends its gradient nowhere. This version
 * routes each window's gradient to the first maximum in row-major window order
 * (found as the first value equal to the pooled output; a window without one,
 * possible only with NaN, sends it to its first position)
 * — the same tie rule as the `cpu` backend (WebGPU may pick another position
 * among equal values; see `lib/backend/mod.ts`).
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { f32, startPoolGrad } from "./wasm_ops.ts";

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
  const { info, dx, out } = startPoolGrad(backend, input, attrs);
  const xs = f32(backend, input);
  const ys = f32(backend, output);
  const dys = f32(backend, dy);
  const { batchSize, inHeight, inWidth, inChannels: ch, outHeight, outWidth } =
    info;
  const {
    strideHeight: sh,
    strideWidth: sw,
    filterHeight: fh,
    filterWidth: fw,
  } = info;
  const { top, left } = info.padInfo;
  const rowStride = inWidth * ch;
  const imageStride = inHeight * rowStride;
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    const base = b * imageStride;
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * sh - top;
      const ya = Math.max(0, y0);
      const yb = Math.min(inHeight, y0 + fh);
      for (let ox = 0; ox < outWidth; ox++, o += ch) {
        const x0 = ox * sw - left;
        const xa = Math.max(0, x0);
        const xb = Math.min(inWidth, x0 + fw);
        if (ya >= yb || xa >= xb) continue;
        const first = base + ya * rowStride + xa * ch;
        for (let c = 0; c < ch; c++) {
          // The forward pass's maximum is one of the window's values, so the
          // first position holding it (row-major) is the first maximum —
          // cpu's tie rule — and the scan usually stops early (ReLU zeros).
          const target = ys[o + c];
          let at = first + c;
          search: for (let y = ya; y < yb; y++) {
            for (let xx = xa; xx < xb; xx++) {
              const p = base + y * rowStride + xx * ch + c;
              if (xs[p] === target) {
                at = p;
                break search;
              }
            }
          }
          out[at] += dys[o + c];
        }
      }
    }
  }
  return dx;
}
