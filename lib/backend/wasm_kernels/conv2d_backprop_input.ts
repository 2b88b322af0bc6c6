/**
 * Faster `Conv2DBackpropInput` for the wasm backend. The built-in kernel is a
 * scalar loop; for stride 1 the input gradient is an ordinary convolution of
 * `dy` with the spatially flipped, in/out-swapped filter, which runs on our
 * direct kernels (conv_forward.ts; XNNPACK's `Conv2D` where they do not
 * apply). Other strides use the built-in kernel.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import {
  type Args,
  call,
  f32,
  type OriginalKernels,
  release,
} from "./wasm_ops.ts";
import { convGradCall } from "./conv_geometry.ts";
import { convForward } from "./conv_forward.ts";
import { denseLikeInputGrad, isDenseLike } from "./dense_like.ts";

/** Builds the kernel function (falls back to the original for strides > 1). */
export function conv2dBackpropInput(originals: OriginalKernels) {
  return (args: Args): tf.TensorInfo => {
    const { backend, inputs: { dy, filter }, info } = convGradCall<
      tf.Conv2DBackpropInputAttrs
    >("Conv2DBackpropInput", args, ({ filter }, a) => [
      a.inputShape,
      filter.shape,
    ]);
    if (isDenseLike(info)) return denseLikeInputGrad(backend, info, dy, filter);
    // The flipped-filter convolution also visits the zero padding around dy;
    // when dy is much smaller than x (a "valid" conv shrinking the image a
    // lot) the scalar kernel does less work.
    const padded =
      info.inHeight * info.inWidth > 4 * info.outHeight * info.outWidth;
    if (info.strideHeight !== 1 || info.strideWidth !== 1 || padded) {
      return call(
        originals,
        "Conv2DBackpropInput",
        backend,
        args.inputs,
        args.attrs,
      );
    }
    const flipped = flipFilter(backend, filter);
    const out = convTransposeStride1(originals, backend, dy, flipped, info);
    release(backend, flipped);
    return out;
  };
}

/** `[fh,fw,C,O]` → `[fh,fw,O,C]` rotated by 180° in space. */
export function flipFilter(
  backend: BackendWasm,
  filter: tf.TensorInfo,
): tf.TensorInfo {
  const [fh, fw, c, o] = filter.shape;
  const out = backend.makeOutput([fh, fw, o, c], "float32");
  const src = f32(backend, filter);
  const dst = f32(backend, out);
  for (let a = 0; a < fh; a++) {
    for (let b = 0; b < fw; b++) {
      const s = ((fh - 1 - a) * fw + (fw - 1 - b)) * c * o;
      const d = (a * fw + b) * o * c;
      for (let i = 0; i < c; i++) {
        for (let j = 0; j < o; j++) dst[d + j * c + i] = src[s + i * o + j];
      }
    }
  }
  return out;
}

/**
 * The stride-1 input gradient as a forward convolution of `dy` with an already
 * flipped `[fh,fw,O,C]` filter.
 */
export function convTransposeStride1(
  originals: OriginalKernels,
  backend: BackendWasm,
  dy: tf.TensorInfo,
  flipped: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const {
    filterHeight: fh,
    filterWidth: fw,
    inHeight,
    inWidth,
    outHeight,
    outWidth,
  } = info;
  const { top, left } = info.padInfo;
  const pad = [
    [0, 0],
    [fh - 1 - top, inHeight - outHeight + top],
    [fw - 1 - left, inWidth - outWidth + left],
    [0, 0],
  ];
  const attrs = {
    strides: [1, 1] as [number, number],
    dilations: [1, 1] as [number, number],
    pad: pad as tf.backend_util.ExplicitPadding,
    dataFormat: "NHWC",
  };
  return convForward(backend, dy, flipped, undefined, attrs) ??
    call(
      originals,
      "Conv2D",
      backend,
      { x: dy, filter: flipped },
      attrs as unknown as tf.NamedAttrMap,
    );
}
