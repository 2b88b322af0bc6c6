/**
 * Convolution filter gradient as one matrix product per batch chunk:
 * `dW[(a,b,c), o] = Σ_p colᵀ[(a,b,c), p] · dy[p, o]`, where `colᵀ` holds, for
 * every filter tap `(a,b,c)`, the input values that tap meets at each output
 * pixel `p`. Building `colᵀ` is a run of contiguous copies (rows of the
 * channel-first input); the product runs on XNNPACK's GEMM, which is several
 * times faster than the batch↔channel convolution for filters with few input
 * channels or many taps.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import {
  accumulate,
  batchSlice,
  call,
  f32,
  offsetOf,
  release,
  reshape,
} from "./wasm_ops.ts";
import { padRows } from "./pad_rows.ts";
import { transposeTensor } from "./transpose.ts";
import { type FilterGradTask, geometryOf } from "./conv_geometry.ts";

/** Largest `colᵀ` built at once, in floats (32 MiB): bounds the extra memory. */
const MAX_COL = 8 * 1024 * 1024;

/** Fills `col` (`[fh·fw·c, nb·outH·outW]`) from `xT` (`[c, nb, h, w]`). */
function fillColumns(
  xT: Float32Array,
  col: Float32Array,
  nb: number,
  c: number,
  h: number,
  w: number,
  info: tf.backend_util.Conv2DInfo,
): void {
  const { filterHeight: fh, filterWidth: fw, outHeight: oh, outWidth: ow } =
    info;
  const { strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const p = nb * oh * ow;
  for (let a = 0; a < fh; a++) {
    for (let b = 0; b < fw; b++) {
      // Output columns whose input column lies inside the image.
      const j0 = Math.max(0, Math.ceil((left - b) / sw));
      const j1 = Math.min(ow, Math.floor((w - 1 + left - b) / sw) + 1);
      for (let ci = 0; ci < c; ci++) {
        let d = ((a * fw + b) * c + ci) * p;
        for (let n = 0; n < nb; n++) {
          const image = (ci * nb + n) * h * w;
          for (let i = 0; i < oh; i++, d += ow) {
            const y = i * sh + a - top;
            if (y < 0 || y >= h || j0 >= j1) {
              col.fill(0, d, d + ow);
              continue;
            }
            if (j0 > 0) col.fill(0, d, d + j0);
            const row = image + y * w + b - left;
            if (sw === 1) {
              for (let j = j0; j < j1; j++) col[d + j] = xT[row + j];
            } else {
              for (let j = j0; j < j1; j++) col[d + j] = xT[row + j * sw];
            }
            if (j1 < ow) col.fill(0, d + j1, d + ow);
          }
        }
      }
    }
  }
}

/**
 * `Σ colᵀ · dy` over batch chunks small enough for {@link MAX_COL}, reshaped
 * to the filter's shape. `fill(col, start, nb)` writes `colᵀ`
 * (`[1, taps, nb·rows·cols]`) for images `start … start+nb`; the task's
 * `dy` is `[N, rows, cols, O]`.
 */
function colTimesDyByChunks(
  { originals, backend, x, dy, info }: FilterGradTask,
  fill: (col: tf.TensorInfo, start: number, nb: number) => void,
): tf.TensorInfo {
  const c = x.shape[3];
  const [n, rows, cols, o] = dy.shape;
  const pixels = rows * cols;
  const taps = info.filterHeight * info.filterWidth * c;
  const chunk = Math.max(1, Math.min(n, Math.floor(MAX_COL / (taps * pixels))));
  let total: tf.TensorInfo | undefined;
  for (let start = 0; start < n; start += chunk) {
    const nb = Math.min(chunk, n - start);
    const col = backend.makeOutput([1, taps, nb * pixels], "float32");
    fill(col, start, nb);
    const dyc = batchSlice(backend, dy, start, nb);
    const dy2 = reshape(backend, dyc, [1, nb * pixels, o]);
    const part = call(originals, "BatchMatMul", backend, { a: col, b: dy2 }, {
      transposeA: false,
      transposeB: false,
    } as unknown as tf.NamedAttrMap);
    release(backend, col, dy2, dyc);
    total = accumulate(backend, total, part);
  }
  const out = reshape(backend, total!, [
    info.filterHeight,
    info.filterWidth,
    c,
    o,
  ]);
  release(backend, total!);
  return out;
}

/** `x` `[N,H,W,C]`, `dy` `[N,outH,outW,O]` → `[fh,fw,C,O]` through `colᵀ · dy`. */
export function filterGradAsGemm(task: FilterGradTask): tf.TensorInfo {
  const { backend, x, info } = task;
  const { h, w, c, sh, sw, bottom, right } = geometryOf(x, info);
  if (
    sh === 1 && sw === 1 &&
    info.dilationHeight === 1 && info.dilationWidth === 1 &&
    // "same"/"valid" always satisfy these (the stride-1 path's spare row lets
    // the windows stop one row short); explicit crops take the general path.
    bottom >= -1 && right >= 0
  ) {
    return filterGradStride1(task);
  }
  return colTimesDyByChunks(
    task,
    (col, start, nb) => {
      const xc = batchSlice(backend, x, start, nb);
      const xT = c === 1
        ? reshape(backend, xc, [1, nb, h, w])
        : transposeTensor(backend, xc, [3, 0, 1, 2]);
      release(backend, xc);
      fillColumns(f32(backend, xT), f32(backend, col), nb, c, h, w, info);
      release(backend, xT);
    },
  );
}

/**
 * Stride 1: with the input padded to `[C, N, Hp+1, Wp]` and the output
 * gradient widened to `Wp` columns (zeros beyond `outW`), a filter tap's
 * values for one image are a single contiguous run of `outH·Wp` floats, so
 * `colᵀ` is built with one memory copy per (tap, channel, image). The extra
 * columns meet zero gradients and add nothing.
 */
function filterGradStride1(task: FilterGradTask): tf.TensorInfo {
  const { backend, x, dy, info } = task;
  const { n, h, w, c, fh, fw, oh, ow, top, left } = geometryOf(x, info);
  const hp = oh + fh - 1;
  const wp = ow + fw - 1;
  // One spare row: the last run of an image may read up to fw−1 floats past it.
  const hq = hp + 1;
  const xp = padRows(backend, x, top, hq - h - top, left, wp - w - left);
  const xT = c === 1
    ? reshape(backend, xp, [1, n, hq, wp])
    : transposeTensor(backend, xp, [3, 0, 1, 2]);
  release(backend, xp);
  const dyp = padRows(backend, dy, 0, 0, 0, wp - ow);
  const run = oh * wp;
  const out = colTimesDyByChunks(
    { ...task, dy: dyp },
    (col, start, nb) => {
      const heap = new Float32Array(f32(backend, col).buffer);
      const xBase = offsetOf(backend, xT) / 4;
      let d = offsetOf(backend, col) / 4;
      for (let a = 0; a < fh; a++) {
        for (let b = 0; b < fw; b++) {
          for (let ci = 0; ci < c; ci++) {
            for (let img = start; img < start + nb; img++, d += run) {
              const src = xBase + ((ci * n + img) * hq + a) * wp + b;
              heap.copyWithin(d, src, src + run);
            }
          }
        }
      }
    },
  );
  release(backend, xT, dyp);
  return out;
}
