/**
 * Convolution geometry shared by the gradient kernels: a kernel's attributes
 * turned into tfjs's `Conv2DInfo` (one place, so the filter and input
 * gradients, plain and depthwise, agree on the windows), the flat sizes their
 * loops use, and the padding the last window reaches past the image (with the
 * crop and the paddings that the filter gradients' dilated convolutions take
 * from it).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import {
  type Args,
  call,
  type KernelCall,
  type OriginalKernels,
  release,
  requireChannelsLast,
  unpack,
} from "./wasm_ops.ts";

/** The attributes of a convolution kernel that fix its windows. */
export interface ConvWindowAttrs {
  /** Strides, one for both axes or `[height, width]`. */
  strides: number | [number, number];
  /** `"same"`, `"valid"`, a number or explicit paddings, as tfjs takes them. */
  pad: tf.Conv2DBackpropFilterAttrs["pad"];
  /** How fractional output sizes round with a numeric `pad`. */
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/**
 * Window geometry of a convolution (dilation 1) of an `inShape` `[N,H,W,C]`
 * input with a `filterShape` `[fh,fw,C,O]` filter (`[fh,fw,C,M]` when
 * `depthwise`).
 */
export function convInfo(
  inShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvWindowAttrs,
  depthwise = false,
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    [...inShape] as [number, number, number, number],
    [...filterShape] as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise,
  );
}

/** The sizes a filter-gradient loop works with, under short names. */
export interface ConvGeometry {
  /** Batch, height, width and channels of the input. */
  n: number;
  h: number;
  w: number;
  c: number;
  /** Filter height and width. */
  fh: number;
  fw: number;
  /** Output height and width. */
  oh: number;
  ow: number;
  /** Strides. */
  sh: number;
  sw: number;
  /** Padding before the image. */
  top: number;
  left: number;
  /**
   * Padding after the image that makes the last window end exactly at its
   * edge; negative when the image's last rows or columns never meet the filter.
   */
  bottom: number;
  right: number;
}

/** {@link ConvGeometry} of a convolution over `x` (`[N,H,W,C]`). */
export function geometryOf(
  x: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): ConvGeometry {
  const [n, h, w, c] = x.shape;
  const { filterHeight: fh, filterWidth: fw, outHeight: oh, outWidth: ow } =
    info;
  const { strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const bottom = fh + (oh - 1) * sh - h - top;
  const right = fw + (ow - 1) * sw - w - left;
  return { n, h, w, c, fh, fw, oh, ow, sh, sw, top, left, bottom, right };
}

/**
 * Paddings `[[0,0],[top,bottom],[left,right],[0,0]]` of the dilated
 * convolution that computes a filter gradient: none after the image where
 * {@link cropUnreached} cut it instead.
 */
export function filterGradPad(g: ConvGeometry): number[][] {
  return [[0, 0], [g.top, Math.max(g.bottom, 0)], [
    g.left,
    Math.max(g.right, 0),
  ], [0, 0]];
}

/**
 * Cuts the rows and columns of the image (axes 1 and 2 of `t`) that no window
 * reaches, freeing `t`; returns `t` itself when every one is reached.
 */
export function cropUnreached(
  originals: OriginalKernels,
  backend: BackendWasm,
  t: tf.TensorInfo,
  g: ConvGeometry,
): tf.TensorInfo {
  if (g.bottom >= 0 && g.right >= 0) return t;
  const cropped = call(originals, "Slice", backend, { x: t }, {
    begin: [0, 0, 0, 0],
    size: [
      t.shape[0],
      g.h + Math.min(g.bottom, 0),
      g.w + Math.min(g.right, 0),
      t.shape[3],
    ],
  });
  release(backend, t);
  return cropped;
}

/** A channels-last convolution gradient kernel's call with its window geometry. */
export interface ConvGradCall<A> extends KernelCall<A> {
  /** The forward convolution's windows. */
  info: tf.backend_util.Conv2DInfo;
}

/**
 * Unpacks a `Conv2DBackprop*` kernel's argument, rejects other layouts than
 * NHWC and computes the forward convolution's windows from the input and
 * filter shapes that `shapes` picks.
 */
export function convGradCall<
  A extends ConvWindowAttrs & { dataFormat?: unknown },
>(
  kernel: string,
  args: Args,
  shapes: (
    inputs: Record<string, tf.TensorInfo>,
    attrs: A,
  ) => [readonly number[], readonly number[]],
): ConvGradCall<A> {
  const unpacked = unpack<A>(args);
  requireChannelsLast(kernel, unpacked.attrs.dataFormat);
  const [inShape, filterShape] = shapes(unpacked.inputs, unpacked.attrs);
  return { ...unpacked, info: convInfo(inShape, filterShape, unpacked.attrs) };
}

/** One filter gradient to compute: `x` `[N,H,W,C]`, `dy` `[N,outH,outW,O]` → `dW` `[fh,fw,C,O]`. */
export interface FilterGradTask {
  /** The wasm kernels to build on. */
  originals: OriginalKernels;
  /** The backend the tensors live on. */
  backend: BackendWasm;
  /** The forward convolution's input. */
  x: tf.TensorInfo;
  /** The gradient of its output. */
  dy: tf.TensorInfo;
  /** Its windows. */
  info: tf.backend_util.Conv2DInfo;
}
