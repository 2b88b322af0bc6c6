/**
 * Zero padding of `[N,H,W,C]` tensors along height and width, which every
 * direct convolution and convolution gradient of ours does to its input
 * first. It runs our SIMD kernel (`padImages` in `wasm/pad_images.ts`):
 * only the border is zeroed, each image row is copied in one piece, and the
 * batch is split between this thread and the SIMD helper threads (on one
 * thread in JavaScript it took 5–8 ms of a 60 ms convolution; the wasm
 * `PadV2` kernel is ~10× slower on these shapes).
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { simdKernels, wasmMemoryOf } from "../simd/simd_module.ts";
import { batchParts, runParts } from "../simd/simd_helpers.ts";
import { offsetOf, release } from "./wasm_ops.ts";
import type { ConvGeometry } from "./conv_geometry.ts";

/** `x` `[N,H,W,C]` (float32) with `top`, `bottom`, `left`, `right` zero rows and columns around each image. */
export function padRows(
  backend: BackendWasm,
  x: tf.TensorInfo,
  top: number,
  bottom: number,
  left: number,
  right: number,
): tf.TensorInfo {
  const [n, h, w, c] = x.shape;
  if (Math.min(top, bottom, left, right) < 0) {
    throw new Error(
      `padRows takes paddings ≥ 0, got top ${top}, bottom ${bottom}, left ${left}, right ${right}.`,
    );
  }
  const out = backend.makeOutput(
    [n, h + top + bottom, w + left + right, c],
    "float32",
  );
  const memory = wasmMemoryOf(backend);
  const ranges = batchParts(memory, n);
  const threads = ranges.length;
  const src = offsetOf(backend, x);
  const dst = offsetOf(backend, out);
  const parts = Array.from({ length: threads }, (_, t) => [
    src,
    dst,
    ...ranges[t],
    h,
    w,
    c,
    top,
    bottom,
    left,
    right,
  ]);
  runParts(simdKernels(backend), memory, "padImages", parts);
  return out;
}

/** An input padded for a convolution's windows (see {@link padForWindows}). */
export interface PaddedInput {
  /** The padded input, or the input itself when no padding is needed. */
  xp: tf.TensorInfo;
  /** Its height and width. */
  hp: number;
  wp: number;
  /** Frees `xp` if it is a padded copy. */
  free(): void;
}

/**
 * `x` zero-padded so that every window of `g` reads inside it: `g.top` and
 * `g.left` before the image, after it as far as the last window reaches
 * (nothing where it ends inside the image). No copy when nothing is added.
 */
export function padForWindows(
  backend: BackendWasm,
  x: tf.TensorInfo,
  g: ConvGeometry,
): PaddedInput {
  const bottom = Math.max(0, g.bottom);
  const right = Math.max(0, g.right);
  const hp = g.h + g.top + bottom;
  const wp = g.w + g.left + right;
  if (g.top + bottom + g.left + right === 0) {
    return { xp: x, hp, wp, free: () => {} };
  }
  const xp = padRows(backend, x, g.top, bottom, g.left, right);
  return { xp, hp, wp, free: () => release(backend, xp) };
}
