/**
 * Depthwise convolution gradients for the wasm backend, which lacks both.
 *
 * - Filter, channel multiplier 1: our SIMD kernel
 *   (`depthwise_filter_grad.ts`).
 * - Input, multiplier 1 and stride 1: the depthwise convolution of `dy` with
 *   the filter turned half a turn, on XNNPACK.
 * - Filter, other multipliers: with batch folded into channels (`x` → `[1,H,W,N·C]`, `dy` →
 *   `[outH,outW,N·C,M]`), the per-sample filter gradients are one depthwise
 *   convolution (dilation = stride); summing over the batch gives `dW`.
 * - Input, otherwise: the depthwise filter expanded to a block-diagonal full filter
 *   `[fh,fw,C,C·M]` turns the input gradient into an ordinary
 *   `Conv2DBackpropInput` (fast XNNPACK path for stride 1).
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import {
  type Args,
  call,
  f32,
  type KernelCall,
  type OriginalKernels,
  release,
  unpack,
} from "./wasm_ops.ts";
import {
  convInfo,
  cropUnreached,
  filterGradPad,
  geometryOf,
} from "./conv_geometry.ts";
import { transposeTensor } from "./transpose.ts";
import {
  depthwiseFilterGradSimd,
  simdDepthwiseFilterGradApplies,
} from "./depthwise_filter_grad.ts";

/**
 * Unpacks a depthwise gradient kernel's argument and rejects dilations other
 * than 1, which these kernels do not implement.
 */
function depthwiseCall<A extends { dilations?: number | [number, number] }>(
  kernel: string,
  args: Args,
): KernelCall<A> {
  const unpacked = unpack<A>(args);
  const { dilations } = unpacked.attrs;
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
  return unpacked;
}

/** Builds `DepthwiseConv2dNativeBackpropFilter`. */
export function depthwiseBackpropFilter(originals: OriginalKernels) {
  return (args: Args): tf.TensorInfo => {
    const { backend, inputs: { x, dy }, attrs } = depthwiseCall<
      tf.DepthwiseConv2dNativeBackpropFilterAttrs
    >("DepthwiseConv2dNativeBackpropFilter", args);
    const [fh, fw, c, m] = attrs.filterShape;
    const info = convInfo(x.shape, attrs.filterShape, attrs, true);
    if (simdDepthwiseFilterGradApplies(info, m)) {
      return depthwiseFilterGradSimd(backend, x, dy, info);
    }
    const g = geometryOf(x, info);
    const { n, h, w } = g;
    // x: [N,H,W,C] → [H,W,N,C] → [1,H,W,N·C]
    const xt = transposeTensor(backend, x, [1, 2, 0, 3]);
    const xs = cropUnreached(
      originals,
      backend,
      call(originals, "Reshape", backend, { x: xt }, {
        shape: [1, h, w, n * c],
      }),
      g,
    );
    // dy: [N,oh,ow,C·M] → [oh,ow,N,C·M] → [oh,ow,N·C,M]
    const dyt = transposeTensor(backend, dy, [1, 2, 0, 3]);
    const filt = call(originals, "Reshape", backend, { x: dyt }, {
      shape: [g.oh, g.ow, n * c, m],
    });
    const per = call(originals, "DepthwiseConv2dNative", backend, {
      x: xs,
      filter: filt,
    }, {
      strides: [1, 1],
      dilations: [g.sh, g.sw],
      pad: filterGradPad(g),
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

/**
 * The input gradient of a stride-1 depthwise convolution with multiplier 1 as
 * the forward depthwise convolution of `dy` with the filter turned half a
 * turn (`w[fh−1−ky, fw−1−kx]`), padded so that its output is the input's
 * size; `undefined` where that padding would be negative.
 */
function inputGradByFlippedFilter(
  originals: OriginalKernels,
  backend: BackendWasm,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo | undefined {
  const [fh, fw, c] = filter.shape;
  const { inHeight: h, inWidth: w, outHeight: oh, outWidth: ow } = info;
  const { top, left } = info.padInfo;
  const pad = [[0, 0], [fh - 1 - top, h - oh + top], [
    fw - 1 - left,
    w - ow + left,
  ], [0, 0]];
  if (pad.flat().some((p) => p < 0)) return undefined;
  const flipped = backend.makeOutput([fh, fw, c, 1], "float32");
  const src = f32(backend, filter);
  const dst = f32(backend, flipped);
  for (let ky = 0; ky < fh; ky++) {
    for (let kx = 0; kx < fw; kx++) {
      const from = ((fh - 1 - ky) * fw + (fw - 1 - kx)) * c;
      dst.set(src.subarray(from, from + c), (ky * fw + kx) * c);
    }
  }
  const out = call(originals, "DepthwiseConv2dNative", backend, {
    x: dy,
    filter: flipped,
  }, {
    strides: [1, 1],
    dilations: [1, 1],
    pad,
    dataFormat: "NHWC",
  } as unknown as tf.NamedAttrMap);
  release(backend, flipped);
  return out;
}

/**
 * Builds `DepthwiseConv2dNativeBackpropInput`: the flipped-filter depthwise
 * convolution where it applies, else on top of `conv2dBackpropInput`.
 */
export function depthwiseBackpropInput(
  originals: OriginalKernels,
  conv2dBackpropInput: (args: Args) => tf.TensorInfo,
) {
  return (args: Args): tf.TensorInfo => {
    const { backend, inputs: { dy, filter }, attrs } = depthwiseCall<
      tf.DepthwiseConv2dNativeBackpropInputAttrs
    >("DepthwiseConv2dNativeBackpropInput", args);
    const [fh, fw, c, m] = filter.shape;
    const info = convInfo(attrs.inputShape, filter.shape, attrs, true);
    if (m === 1 && info.strideHeight === 1 && info.strideWidth === 1) {
      const out = inputGradByFlippedFilter(
        originals,
        backend,
        dy,
        filter,
        info,
      );
      if (out) return out;
    }
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
