/**
 * `FusedConv2D` for few input channels on our SIMD kernel
 * (`convFewChannels` in `wasm/conv_few_channels.ts`). A network's first
 * convolution on MNIST has one input channel, and XNNPACK's GEMM then runs
 * 25-long dot products far below its rate (LeNet-5's C1 forward was its
 * slowest kernel after the input gradients). The input is zero-padded once,
 * the filter and bias padded to a multiple of 4 output channels, and the
 * batch split between this thread and the SIMD helper threads. Every other
 * convolution, activation or layout goes to the backend's own kernel.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { simdKernels, wasmMemoryOf } from "../simd/simd_module.ts";
import { readyHelpers, runParts } from "../simd/simd_helpers.ts";
import { convInfo, geometryOf } from "./conv_geometry.ts";
import {
  type Args,
  call,
  f32,
  offsetOf,
  type OriginalKernels,
  padRows,
  release,
  unpack,
} from "./wasm_ops.ts";

/** Most input channels the direct kernel takes; deeper inputs suit XNNPACK's GEMM. */
export const FEW_CHANNELS_MAX = 4;

/** The attributes of `FusedConv2D` this kernel reads. */
interface FusedConvAttrs {
  strides: number | [number, number];
  pad: tf.Conv2DBackpropFilterAttrs["pad"];
  dataFormat?: string;
  dilations?: number | [number, number];
  dimRoundingMode?: "floor" | "round" | "ceil";
  activation?: string;
}

/** True when the direct kernel computes this call exactly as tfjs would. */
function applies(
  inputs: Record<string, tf.TensorInfo | undefined>,
  attrs: FusedConvAttrs,
): boolean {
  const { x, filter, bias, preluActivationWeights } = inputs;
  if (!x || !filter || x.dtype !== "float32" || x.shape.length !== 4) {
    return false;
  }
  const dilations = attrs.dilations ?? 1;
  const undilated = typeof dilations === "number"
    ? dilations === 1
    : dilations.every((d) => d === 1);
  const cout = filter.shape[3];
  return x.shape[3] <= FEW_CHANNELS_MAX && undilated &&
    (attrs.dataFormat === undefined || attrs.dataFormat === "NHWC") &&
    (attrs.activation === undefined || attrs.activation === "linear" ||
      attrs.activation === "relu") &&
    preluActivationWeights === undefined &&
    (bias === undefined || tf.util.sizeFromShape(bias.shape) === cout);
}

/** Builds the `FusedConv2D` kernel function. */
export function fusedConv2d(originals: OriginalKernels) {
  return (args: Args): tf.TensorInfo => {
    const { backend, inputs, attrs } = unpack<FusedConvAttrs>(args);
    if (!applies(inputs, attrs)) {
      return call(originals, "FusedConv2D", backend, args.inputs, args.attrs);
    }
    const { x, filter, bias } = inputs;
    const info = convInfo(x.shape, filter.shape, attrs);
    const g = geometryOf(x, info);
    const cout = filter.shape[3];
    const cop = Math.ceil(cout / 4) * 4;
    const taps = g.fh * g.fw * g.c;
    const bottom = Math.max(0, g.bottom);
    const right = Math.max(0, g.right);
    const padded = g.top + bottom + g.left + right > 0;
    const xp = padded ? padRows(backend, x, g.top, bottom, g.left, right) : x;
    const out = backend.makeOutput([g.n, g.oh, g.ow, cout], "float32");
    // Filter and bias with the output channels padded to `cop`.
    const wb = backend.makeOutput([taps * cop + cop], "float32");
    const packed = f32(backend, wb);
    packed.fill(0);
    const w = f32(backend, filter);
    for (let t = 0; t < taps; t++) {
      packed.set(w.subarray(t * cout, (t + 1) * cout), t * cop);
    }
    if (bias) packed.set(f32(backend, bias), taps * cop);
    const memory = wasmMemoryOf(backend);
    const threads = Math.max(1, Math.min(g.n, 1 + readyHelpers(memory)));
    const wOffset = offsetOf(backend, wb);
    const geometry = [
      g.h + g.top + bottom,
      g.w + g.left + right,
      g.c,
      g.oh,
      g.ow,
      cout,
      cop,
      g.fh,
      g.fw,
      g.sh,
      g.sw,
      attrs.activation === "relu" ? 1 : 0,
    ];
    const parts = Array.from({ length: threads }, (_, t) => [
      offsetOf(backend, xp),
      wOffset,
      wOffset + taps * cop * 4,
      offsetOf(backend, out),
      Math.floor((g.n * t) / threads),
      Math.floor((g.n * (t + 1)) / threads),
      ...geometry,
    ]);
    runParts(simdKernels(backend), memory, "convFewChannels", parts);
    release(backend, wb);
    if (padded) release(backend, xp);
    return out;
  };
}
