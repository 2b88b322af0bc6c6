/**
 * `SplitV` (the gradient of `Concatenate`) and `Concat` for the wasm backend
 * as single passes over the wasm heap. The built-in versions copy one
 * innermost row per `TypedArray.set` call, which for a channel-axis split of a
 * `[256,28,28,112]` tensor means ~800k tiny copies (≈0.6 s per step in
 * mini-Inception).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { type Args, type OriginalKernels, unpack } from "./wasm_ops.ts";

type Typed = Float32Array | Int32Array | Uint8Array;

/** Copies `rows` rows of `width` values between strided positions. */
function copyRows(
  src: Typed,
  srcStart: number,
  srcStride: number,
  dst: Typed,
  dstStart: number,
  dstStride: number,
  rows: number,
  width: number,
): void {
  if (width >= 256) {
    for (let r = 0; r < rows; r++) {
      const s = srcStart + r * srcStride;
      dst.set(src.subarray(s, s + width), dstStart + r * dstStride);
    }
    return;
  }
  for (let r = 0; r < rows; r++) {
    let s = srcStart + r * srcStride;
    let d = dstStart + r * dstStride;
    const end = s + width;
    while (s < end) dst[d++] = src[s++];
  }
}

/** Builds the `SplitV` kernel function. */
export function splitV(originals: OriginalKernels) {
  return (args: Args): tf.TensorInfo[] => {
    const { backend, inputs: { x }, attrs } = unpack<tf.SplitVAttrs>(args);
    const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(
      x as unknown as tf.Tensor,
      attrs.numOrSizeSplits,
      axis,
    ) as number[];
    if (x.dtype === "string") {
      return (originals.get("SplitV")!.kernelFunc(args) as tf.TensorInfo[]);
    }
    const outer = tf.util.sizeFromShape(x.shape.slice(0, axis));
    const inner = tf.util.sizeFromShape(x.shape.slice(axis + 1));
    const rowWidth = x.shape[axis] * inner;
    const outs = sizes.map((s) => {
      const shape = x.shape.slice();
      shape[axis] = s;
      return backend.makeOutput(shape, x.dtype);
    });
    const src = backend.typedArrayFromHeap(x) as Typed;
    let offset = 0;
    sizes.forEach((s, i) => {
      const dst = backend.typedArrayFromHeap(outs[i]) as Typed;
      copyRows(src, offset, rowWidth, dst, 0, s * inner, outer, s * inner);
      offset += s * inner;
    });
    return outs;
  };
}

/** Builds the `Concat` kernel function. */
export function concat(originals: OriginalKernels) {
  return (args: Args): tf.TensorInfo => {
    const backend = args.backend as BackendWasm;
    const inputs = args.inputs as unknown as tf.TensorInfo[];
    const attrs = args.attrs as unknown as tf.ConcatAttrs;
    const nonEmpty = inputs.filter((t) => tf.util.sizeFromShape(t.shape) > 0);
    if (nonEmpty.length < 2 || inputs[0].dtype === "string") {
      return originals.get("Concat")!.kernelFunc(args) as tf.TensorInfo;
    }
    const axis = tf.util.parseAxisParam(attrs.axis, inputs[0].shape)[0];
    tf.backend_util.assertParamsConsistent(inputs.map((t) => t.shape), axis);
    const outShape = tf.backend_util.computeOutShape(
      inputs.map((t) => t.shape),
      axis,
    );
    const out = backend.makeOutput(outShape, inputs[0].dtype);
    const outer = tf.util.sizeFromShape(outShape.slice(0, axis));
    const widths = nonEmpty.map((t) =>
      tf.util.sizeFromShape(t.shape.slice(axis))
    );
    const total = widths.reduce((a, b) => a + b, 0);
    const dst = backend.typedArrayFromHeap(out) as Typed;
    let offset = 0;
    nonEmpty.forEach((t, i) => {
      const src = backend.typedArrayFromHeap(t) as Typed;
      copyRows(src, 0, widths[i], dst, offset, total, outer, widths[i]);
      offset += widths[i];
    });
    return out;
  };
}
