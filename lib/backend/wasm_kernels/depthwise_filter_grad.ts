/**
 * Depthwise filter gradient (channel multiplier 1) on our SIMD kernel
 * (`depthwiseFilterGrad` in `wasm/depthwise_filter_grad.ts`): the input is
 * zero-padded once and every tap is a dot product of rows. The general path
 * in `depthwise_backprop.ts` turns it into a depthwise convolution with a
 * 28×28 "filter" over batch × channels, which XNNPACK runs ~100× slower
 * (the separable Inception's two 16-channel layers: ~500 ms a step).
 * The batch is split between this thread and the SIMD helper threads.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { simdKernels, wasmMemoryOf } from "../simd/simd_module.ts";
import { batchParts, runParts } from "../simd/simd_helpers.ts";
import { accumulate, offsetOf } from "./wasm_ops.ts";
import { padForWindows } from "./pad_rows.ts";
import { geometryOf } from "./conv_geometry.ts";

/** True when {@link depthwiseFilterGradSimd} handles this gradient. */
export function simdDepthwiseFilterGradApplies(
  info: tf.backend_util.Conv2DInfo,
  multiplier: number,
): boolean {
  return multiplier === 1 && info.padInfo.top >= 0 && info.padInfo.left >= 0;
}

/**
 * `x` `[N,H,W,C]`, `dy` `[N,outH,outW,C]` → `dW` `[fh,fw,C,1]` of an
 * undilated depthwise convolution with windows `info`.
 */
export function depthwiseFilterGradSimd(
  backend: BackendWasm,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const g = geometryOf(x, info);
  const { n, c, fh, fw, oh, ow, sh, sw } = g;
  // Rows and columns the windows reach past the image read zeros.
  const { xp, hp, wp, free } = padForWindows(backend, x, g);
  // One part of the batch per thread, each into its own gradient, summed.
  const memory = wasmMemoryOf(backend);
  const ranges = batchParts(memory, n);
  const threads = ranges.length;
  const dws = Array.from(
    { length: threads },
    () => backend.makeOutput([fh, fw, c, 1], "float32"),
  );
  const geometry = [hp, wp, c, oh, ow, fh, fw];
  const parts = dws.map((dw, t) => [
    offsetOf(backend, xp),
    offsetOf(backend, dy),
    offsetOf(backend, dw),
    ...ranges[t],
    ...geometry,
    sh,
    sw,
  ]);
  runParts(simdKernels(backend), memory, "depthwiseFilterGrad", parts);
  free();
  return dws.reduce((total, part) => accumulate(backend, total, part));
}
