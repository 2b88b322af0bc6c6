/**
 * Depthwise convolution gradients for the wasm backend, which lacks both.
 *
 * - Filter: with batch folded into channels (`x` → `[1,H,W,N·C]`, `dy` →
 *   `[outH,outW,N·C,M]`), the per-sample filter gradients are one depthwise
 *   convolution (dilation = stride); summing over the batch gives `dW`.
 * - Input: the depthwise filter expanded to a block-diagonal full filter
 *   `[fh,fw,C,C·M]` turns the input gradient into an ordinary
 *   `Conv2DBackpropInput` (fast XNNPACK path for stride 1).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import {
  type Args,
  call,
  f32,
  type OriginalKernels,
  release,
} from "./wasm_ops.ts";
import { transposeTensor } from "./transpose.ts";

function requireNoDilation(
  kernel: string,
  dilations: number | [number, number] | undefined,
) {
  const d = dilations === undefined
    ? [1, 1]
    : typeof dilations === "number"
    ? [dilations, dilations]
    : dilations;
  if (d[0] !== 1 || d[1] !== 1) {
    throw new Error(
      `${kernel} on wasm supports only dilation 1 (got ${d}); use the cpu backend.`,
    );
  }
}

/** Builds `DepthwiseConv2dNativeBackpropFilter`. */
export function depthwiseBackpropFilter(originals: OriginalKernels) {
  return (args: Args): tf.TensorInfo => {
    const backend = args.backend as BackendWasm;
    const { x, dy } = args.inputs as Record<string, tf.TensorInfo>;
    const attrs = args
      .attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
    requireNoDilation("DepthwiseConv2dNativeBackpropFilter", attrs.dilations);
    const [fh, fw, c, m] = attrs.filterShape;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      true,
    );
    const [n, h, w] = x.shape;
    const { strideHeight: sh, strideWidth: sw, outHeight, outWidth } = info;
    const { top, left } = info.padInfo;
    const bottom = fh + (outHeight - 1) * sh - h - top;
    const right = fw + (outWidth - 1) * sw - w - left;
    // x: [N,H,W,C] → [H,W,N,C] → [1,H,W,N·C]
    const xt = transposeTensor(backend, x, [1, 2, 0, 3]);
    let xs = call(originals, "Reshape", backend, { x: xt }, {
      shape: [1, h, w, n * c],
    });
    if (bottom < 0 || right < 0) {
      const cropped = call(originals, "Slice", backend, { x: xs }, {
        begin: [0, 0, 0, 0],
        size: [1, h + Math.min(bottom, 0), w + Math.min(right, 0), n * c],
      });
      release(backend, xs);
      xs = cropped;
    }
    // dy: [N,oh,ow,C·M] → [oh,ow,N,C·M] → [oh,ow,N·C,M]
    const dyt = transposeTensor(backend, dy, [1, 2, 0, 3]);
    const filt = call(originals, "Reshape", backend, { x: dyt }, {
      shape: [outHeight, outWidth, n * c, m],
    });
    const per = call(originals, "DepthwiseConv2dNative", backend, {
      x: xs,
      filter: filt,
    }, {
      strides: [1, 1],
      dilations: [sh, sw],
      pad: [[0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [
        0,
        0,
      ]],
      dataFormat: "NHWC",
    } as unknown as tf.NamedAttrMap);
    release(backend, xt, xs, dyt, filt);
    // per: [1,fh,fw,N·C·M] → [fh·fw, N, C·M], summed over N.
    const per3 = call(originals, "Reshape", backend, { x: per }, {
      shape: [fh * fw, n, c * m],
    });
    const perT = transposeTensor(backend, per3, [0, 2, 1]);
    release(backend, per, per3);
    const summed = call(originals, "Sum", backend, { x: perT }, {
      axis: [2],
      keepDims: false,
    });
    release(backend, perT);
    const out = call(originals, "Reshape", backend, { x: summed }, {
      shape: [fh, fw, c, m],
    });
    release(backend, summed);
    return out;
  };
}

/** Builds `DepthwiseConv2dNativeBackpropInput` on top of `conv2dBackpropInput`. */
export function depthwiseBackpropInput(
  conv2dBackpropInput: (args: Args) => tf.TensorInfo,
) {
  return (args: Args): tf.TensorInfo => {
    const backend = args.backend as BackendWasm;
    const { dy, filter } = args.inputs as Record<string, tf.TensorInfo>;
    const attrs = args
      .attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
    requireNoDilation("DepthwiseConv2dNativeBackpropInput", attrs.dilations);
    const [fh, fw, c, m] = filter.shape;
    const full = backend.makeOutput([fh, fw, c, c * m], "float32");
    const src = f32(backend, filter);
    const dst = f32(backend, full);
    dst.fill(0);
    for (let k = 0; k < fh * fw; k++) {
      for (let i = 0; i < c; i++) {
        for (let j = 0; j < m; j++) {
          dst[(k * c + i) * c * m + i * m + j] = src[(k * c + i) * m + j];
        }
      }
    }
    const out = conv2dBackpropInput({
      inputs: { dy, filter: full },
      backend,
      attrs: {
        strides: attrs.strides,
        pad: attrs.pad,
        dimRoundingMode: attrs.dimRoundingMode,
        inputShape: attrs.inputShape,
        dataFormat: "NHWC",
      } as unknown as tf.NamedAttrMap,
    });
    release(backend, full);
    return out;
  };
}
