/**
 * Filter gradient of a 3×3 stride-1 convolution by Winograd's F(3×3, 2×2) on
 * our SIMD kernel (`winogradFilterGrad` in `wasm/winograd_filter_grad.ts`):
 * 16 multiply-adds per input and output channel for each 2×2 block of `dy`
 * instead of 36 (MiniResNet's two 3×3 32 → 32 gradients were a third of its
 * step). The kernel sums `U ⊙ V` over every tile, per thread over its part of
 * the batch; here the parts are added and turned into `dW = Gᵀ·M·G`.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { simdKernels, wasmMemoryOf } from "../simd/simd_module.ts";
import { batchParts, runParts } from "../simd/simd_helpers.ts";
import { type FilterGradTask, geometryOf } from "./conv_geometry.ts";
import { f32, offsetOf, release } from "./wasm_ops.ts";
import { padRows } from "./pad_rows.ts";
import { G } from "./winograd.ts";

/** True when {@link winogradFilterGrad} computes this gradient. */
export function winogradFilterGradApplies(
  info: tf.backend_util.Conv2DInfo,
): boolean {
  return info.filterHeight === 3 && info.filterWidth === 3 &&
    info.strideHeight === 1 && info.strideWidth === 1 &&
    info.dilationHeight === 1 && info.dilationWidth === 1 &&
    info.inChannels % 4 === 0 && info.inChannels >= 8 &&
    info.outChannels % 8 === 0 &&
    info.padInfo.top >= 0 && info.padInfo.left >= 0;
}

/**
 * `dW[ky,kx,ci,co] = Σ_{b,a} G[b][ky]·M[a·4 + b, ci, co]·G[a][kx]` (`b`
 * along the height, `a` along the width, as the kernel stores positions).
 */
export function untransformGradient(
  m: Float32Array,
  cin: number,
  cout: number,
): Float32Array {
  const dw = new Float32Array(9 * cin * cout);
  const plane = cin * cout;
  for (let ky = 0; ky < 3; ky++) {
    for (let kx = 0; kx < 3; kx++) {
      const out = (ky * 3 + kx) * plane;
      for (let a = 0; a < 4; a++) {
        for (let b = 0; b < 4; b++) {
          const k = G[b][ky] * G[a][kx];
          if (k === 0) continue;
          const from = (a * 4 + b) * plane;
          for (let i = 0; i < plane; i++) dw[out + i] += k * m[from + i];
        }
      }
    }
  }
  return dw;
}

/** `x` `[N,H,W,C]`, `dy` `[N,outH,outW,O]` → `dW` `[3,3,C,O]`. */
export function winogradFilterGrad(
  { backend, x, dy, info }: FilterGradTask,
): tf.TensorInfo {
  const g = geometryOf(x, info);
  const co = info.outChannels;
  const th = Math.ceil(g.oh / 2);
  const tw = Math.ceil(g.ow / 2);
  // Every 4×4 tile inside the padded input.
  const bottom = Math.max(0, 2 * th + 2 - g.h - g.top);
  const right = Math.max(0, 2 * tw + 2 - g.w - g.left);
  const xp = padRows(backend, x, g.top, bottom, g.left, right);
  const memory = wasmMemoryOf(backend);
  const ranges = batchParts(memory, g.n);
  const threads = ranges.length;
  const sums = 16 * g.c * co;
  const scratchFloats = 16 * th * tw * (g.c + co) + 512;
  const ms = backend.makeOutput([threads, sums], "float32");
  const scratch = backend.makeOutput([threads, scratchFloats], "float32");
  const geometry = [
    g.h + g.top + bottom,
    g.w + g.left + right,
    g.c,
    g.oh,
    g.ow,
    co,
  ];
  const parts = Array.from({ length: threads }, (_, t) => [
    offsetOf(backend, xp),
    offsetOf(backend, dy),
    offsetOf(backend, ms) + t * sums * 4,
    offsetOf(backend, scratch) + t * scratchFloats * 4,
    ...ranges[t],
    ...geometry,
  ]);
  runParts(simdKernels(backend), memory, "winogradFilterGrad", parts);
  const all = f32(backend, ms);
  const m = all.slice(0, sums);
  for (let t = 1; t < threads; t++) {
    for (let i = 0; i < sums; i++) m[i] += all[t * sums + i];
  }
  release(backend, xp, ms, scratch);
  const dw = backend.makeOutput([3, 3, g.c, co], "float32");
  f32(backend, dw).set(untransformGradient(m, g.c, co));
  return dw;
}
