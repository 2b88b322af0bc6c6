/**
 * 3×3 stride-1 convolutions by Winograd's minimal filtering F(2×2, 3×3) on
 * our SIMD kernel (`winograd3x3` in `wasm/winograd3x3.ts`): 16 multiply-adds
 * per input and output channel for each 2×2 block of outputs instead of 36.
 * MiniResNet's 3×3 32 → 32 convolutions (forward and, through the flipped
 * filter, the input gradient) are most of its step. The filter is
 * transformed here (`G·g·Gᵀ`, a few hundred thousand multiply-adds); the
 * batch is split between this thread and the SIMD helper threads, each with
 * its own scratch rows.
 *
 * @module
 */
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type * as tf from "@tensorflow/tfjs";
import { simdKernels, wasmMemoryOf } from "../simd/simd_module.ts";
import { batchParts, runParts } from "../simd/simd_helpers.ts";
import type { ConvGeometry } from "./conv_geometry.ts";
import { f32, offsetOf, release } from "./wasm_ops.ts";
import { padRows } from "./pad_rows.ts";

/**
 * Winograd's `G` for F(2×2, 3×3): four rows over the three filter taps (its
 * transpose also maps the filter gradient's sums back, winograd_filter_grad.ts).
 */
export const G = [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]];

/** True when {@link winogradConv} computes this convolution. */
export function winogradApplies(g: ConvGeometry): boolean {
  return g.fh === 3 && g.fw === 3 && g.sh === 1 && g.sw === 1 &&
    g.c % 4 === 0 && g.c >= 8;
}

/**
 * `V[a·4 + b, ci, co] = (G·g·Gᵀ)[b, a]` of `filter` `[3,3,cin,cout]` (`b`
 * along the height, `a` along the width, as the kernel stores its tiles),
 * the output channels padded with zeros to `cop`.
 */
export function transformFilter(
  w: Float32Array,
  cin: number,
  cout: number,
  cop: number,
): Float32Array {
  const v = new Float32Array(16 * cin * cop);
  for (let ci = 0; ci < cin; ci++) {
    for (let co = 0; co < cout; co++) {
      const tap = (ky: number, kx: number) =>
        w[((ky * 3 + kx) * cin + ci) * cout + co];
      for (let b = 0; b < 4; b++) {
        // Row b of G·g, then its product with Gᵀ's column a.
        const t = [0, 1, 2].map((kx) =>
          G[b][0] * tap(0, kx) + G[b][1] * tap(1, kx) + G[b][2] * tap(2, kx)
        );
        for (let a = 0; a < 4; a++) {
          v[((a * 4 + b) * cin + ci) * cop + co] = G[a][0] * t[0] +
            G[a][1] * t[1] + G[a][2] * t[2];
        }
      }
    }
  }
  return v;
}

/**
 * The convolution of `x` with the 3×3 `filter` (+ `bias`, then ReLU when
 * `relu`) with the windows `g`; undefined where the padding it needs would
 * cut the image (the caller then uses the direct kernel).
 */
export function winogradConv(
  backend: BackendWasm,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  bias: tf.TensorInfo | undefined,
  g: ConvGeometry,
  relu: boolean,
): tf.TensorInfo | undefined {
  const cout = filter.shape[3];
  const cop = Math.ceil(cout / 8) * 8;
  // Whole 2×2 blocks, and tiles in fours: the padding covers every read.
  const tiles = Math.ceil(Math.ceil(g.ow / 2) / 4) * 4;
  const bottom = 2 * Math.ceil(g.oh / 2) + 2 - g.h - g.top;
  const right = 2 * tiles + 2 - g.w - g.left;
  if (bottom < 0 || right < 0 || g.top < 0 || g.left < 0) return undefined;
  const xp = padRows(backend, x, g.top, bottom, g.left, right);
  const out = backend.makeOutput([g.n, g.oh, g.ow, cout], "float32");
  const weights = backend.makeOutput([16 * g.c * cop + cop], "float32");
  const packed = f32(backend, weights);
  packed.set(transformFilter(f32(backend, filter), g.c, cout, cop));
  packed.fill(0, 16 * g.c * cop);
  if (bias) packed.set(f32(backend, bias), 16 * g.c * cop);
  const memory = wasmMemoryOf(backend);
  const ranges = batchParts(memory, g.n);
  const threads = ranges.length;
  // U and M, each position padded by 16 floats (see the kernel).
  const scratchFloats = 16 * tiles * (g.c + cop) + 512;
  const scratch = backend.makeOutput([threads * scratchFloats], "float32");
  const wOffset = offsetOf(backend, weights);
  const parts = Array.from({ length: threads }, (_, t) => [
    offsetOf(backend, xp),
    wOffset,
    wOffset + 16 * g.c * cop * 4,
    offsetOf(backend, out),
    offsetOf(backend, scratch) + t * scratchFloats * 4,
    ...ranges[t],
    g.h + g.top + bottom,
    g.w + g.left + right,
    g.c,
    g.oh,
    g.ow,
    cout,
    cop,
    tiles,
    relu ? 1 : 0,
  ]);
  runParts(simdKernels(backend), memory, "winograd3x3", parts);
  release(backend, xp, weights, scratch);
  return out;
}
