/**
 * `MaxPoolGrad` for the wasm backend. The built-in kernel starts its max search
 * at `numeric_limits<float>::min()` (the smallest *positive* float), so a window
 * whose values are all negative sends its gradient nowhere. This version
 * routes each window's gradient to the first maximum in row-major window order
 * — the same tie rule as the `cpu` backend (WebGPU may pick another position
 * among equal values; see `lib/backend/mod.ts`).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { f32 } from "./wasm_ops.ts";

/** The kernel function. */
export function maxPoolGrad(
  args: {
    inputs: tf.NamedTensorInfoMap;
    backend: unknown;
    attrs?: tf.NamedAttrMap;
  },
): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, input } = args.inputs as Record<string, tf.TensorInfo>;
  const attrs = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const dx = backend.makeOutput(input.shape, "float32");
  const xs = f32(backend, input);
  const dys = f32(backend, dy);
  const out = f32(backend, dx);
  out.fill(0);
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
  // Per-window state for all channels at once, so the inner loop walks
  // contiguous memory.
  const best = new Float32Array(ch);
  const at = new Int32Array(ch);
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
        // The first valid position seeds the maximum: no sentinel value can
        // be wrong for all-negative windows.
        const first = base + ya * rowStride + xa * ch;
        for (let c = 0; c < ch; c++) {
          best[c] = xs[first + c];
          at[c] = first + c;
        }
        for (let y = ya; y < yb; y++) {
          for (let xx = y === ya ? xa + 1 : xa; xx < xb; xx++) {
            const p = base + y * rowStride + xx * ch;
            for (let c = 0; c < ch; c++) {
              const v = xs[p + c];
              // Strictly greater: ties keep the first position (cpu's rule).
              if (v > best[c]) {
                best[c] = v;
                at[c] = p + c;
              }
            }
          }
        }
        for (let c = 0; c < ch; c++) out[at[c]] += dys[o + c];
      }
    }
  }
  return dx;
}
