/**
 * `FusedConv2D` and `Conv2D` for the wasm backend on our direct SIMD
 * convolutions (`wasm/conv_few_channels.ts`, `wasm/conv_direct.ts`), which
 * the input gradient (conv2d_backprop_input.ts) also runs. XNNPACK's GEMM in
 * tfjs's build multiplies and adds separately and, on the course's layers,
 * ran at 12–20 GFLOP/s on two threads; the direct kernels keep a block of
 * outputs in registers, use fused multiply-adds where the engine has relaxed
 * SIMD, and split the batch between this thread and the SIMD helper
 * threads. A first layer (≤ 4 input channels) takes the few-channel kernel,
 * deeper inputs the 8-channel one, except 1×1 filters (a plain GEMM, which
 * XNNPACK does as well). The input is zero-padded once, the filter
 * and bias padded with zero output channels. Dilated convolutions, other
 * layouts, other activations and non-float32 tensors go to the backend's
 * own kernels.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { simdKernels, wasmMemoryOf } from "../simd/simd_module.ts";
import { batchParts, runParts } from "../simd/simd_helpers.ts";
import { convInfo, geometryOf } from "./conv_geometry.ts";
import {
  type Args,
  call,
  f32,
  offsetOf,
  type OriginalKernels,
  release,
  unpack,
} from "./wasm_ops.ts";
import { padForWindows } from "./pad_rows.ts";
import { winogradApplies, winogradConv } from "./winograd.ts";

/** Most input channels the few-channel kernel takes; deeper inputs use `convDirect`. */
export const FEW_CHANNELS_MAX = 4;

/** The attributes of `Conv2D` / `FusedConv2D` these kernels read. */
export interface ConvForwardAttrs {
  strides: number | [number, number];
  pad: tf.Conv2DBackpropFilterAttrs["pad"];
  dataFormat?: string;
  dilations?: number | [number, number];
  dimRoundingMode?: "floor" | "round" | "ceil";
  activation?: string;
}

/** True when the direct kernels compute this call exactly as tfjs would. */
function applies(
  x: tf.TensorInfo | undefined,
  filter: tf.TensorInfo | undefined,
  bias: tf.TensorInfo | undefined,
  attrs: ConvForwardAttrs,
): x is tf.TensorInfo {
  if (
    !x || !filter || x.dtype !== "float32" || filter.dtype !== "float32" ||
    x.shape.length !== 4
  ) return false;
  const dilations = attrs.dilations ?? 1;
  const undilated = typeof dilations === "number"
    ? dilations === 1
    : dilations.every((d) => d === 1);
  const cout = filter.shape[3];
  return undilated &&
    (attrs.dataFormat === undefined || attrs.dataFormat === "NHWC") &&
    (attrs.activation === undefined || attrs.activation === "linear" ||
      attrs.activation === "relu") &&
    (bias === undefined ||
      (bias.dtype === "float32" && tf.util.sizeFromShape(bias.shape) === cout));
}

/**
 * The convolution of `x` with `filter` (plus `bias`, then ReLU when
 * `attrs.activation` is `relu`) on our kernels, or undefined when they do not
 * apply (the caller then runs the backend's kernel).
 */
export function convForward(
  backend: BackendWasm,
  x: tf.TensorInfo | undefined,
  filter: tf.TensorInfo | undefined,
  bias: tf.TensorInfo | undefined,
  attrs: ConvForwardAttrs,
): tf.TensorInfo | undefined {
  if (!applies(x, filter, bias, attrs) || !filter) return undefined;
  const info = convInfo(x.shape, filter.shape, attrs);
  const g = geometryOf(x, info);
  const few = g.c <= FEW_CHANNELS_MAX;
  // A 1×1 convolution of a deep input is one matrix product, where
  // XNNPACK's GEMM measured as fast or faster (4.0 vs 5.1 ms for 32 → 16
  // channels at batch 256, 28×28).
  if (!few && g.fh * g.fw === 1) return undefined;
  if (!few && winogradApplies(g)) {
    const out = winogradConv(
      backend,
      x,
      filter,
      bias,
      g,
      attrs.activation === "relu",
    );
    if (out) return out;
  }
  const cout = filter.shape[3];
  const group = few ? 4 : 8;
  const cop = Math.ceil(cout / group) * group;
  const taps = g.fh * g.fw * g.c;
  const { xp, hp, wp, free } = padForWindows(backend, x, g);
  const out = backend.makeOutput([g.n, g.oh, g.ow, cout], "float32");
  // Filter and bias with the output channels padded to `cop`.
  const wb = backend.makeOutput([taps * cop + cop], "float32");
  const packed = f32(backend, wb);
  const w = f32(backend, filter);
  if (cop === cout) packed.set(w);
  else {
    packed.fill(0);
    for (let t = 0; t < taps; t++) {
      packed.set(w.subarray(t * cout, (t + 1) * cout), t * cop);
    }
  }
  if (bias) packed.set(f32(backend, bias), taps * cop);
  else packed.fill(0, taps * cop);
  const memory = wasmMemoryOf(backend);
  const ranges = batchParts(memory, g.n);
  const threads = ranges.length;
  const wOffset = offsetOf(backend, wb);
  const geometry = [
    hp,
    wp,
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
    ...ranges[t],
    ...geometry,
  ]);
  runParts(
    simdKernels(backend),
    memory,
    few ? "convFewChannels" : "convDirect",
    parts,
  );
  release(backend, wb);
  free();
  return out;
}

/** Builds the `FusedConv2D` kernel function. */
export function fusedConv2d(originals: OriginalKernels) {
  return (args: Args): tf.TensorInfo => {
    const { backend, inputs, attrs } = unpack<ConvForwardAttrs>(args);
    const out = inputs.preluActivationWeights === undefined
      ? convForward(backend, inputs.x, inputs.filter, inputs.bias, attrs)
      : undefined;
    return out ??
      call(originals, "FusedConv2D", backend, args.inputs, args.attrs);
  };
}

/** Builds the `Conv2D` kernel function. */
export function conv2d(originals: OriginalKernels) {
  return (args: Args): tf.TensorInfo => {
    const { backend, inputs, attrs } = unpack<ConvForwardAttrs>(args);
    const out = convForward(backend, inputs.x, inputs.filter, undefined, {
      ...attrs,
      activation: undefined,
    });
    return out ?? call(originals, "Conv2D", backend, args.inputs, args.attrs);
  };
}
