/**
 * `Sum` over leading axes and `Identity` for the wasm backend.
 *
 * A bias gradient sums a `[N,H,W,C]` tensor over its first three axes; the
 * built-in `Sum` first moves the reduced axes last with the slow C++
 * transpose. Here one pass of our SIMD kernel sums the rows (float32 within
 * blocks of 64 rows, float64 across blocks). `Identity`
 * shares the input's buffer (tensors are immutable) instead of copying it, as
 * the `cpu` backend does.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { simdKernels } from "../simd/simd_module.ts";
import { laneRows } from "./lane_rows.ts";
import {
  type Args,
  call,
  f32,
  offsetOf,
  type OriginalKernels,
  release,
  unpack,
} from "./wasm_ops.ts";

/** Builds the `Sum` kernel function. */
export function sum(originals: OriginalKernels) {
  return (args: Args): tf.TensorInfo => {
    const { backend, inputs: { x }, attrs } = unpack<tf.SumAttrs>(args);
    const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((a, b) =>
      a - b
    );
    const leading = axes.length > 0 && axes.length < x.shape.length &&
      axes.every((a, i) => a === i);
    if (!leading || x.dtype !== "float32") {
      return call(originals, "Sum", backend, args.inputs, args.attrs);
    }
    const keptShape = x.shape.slice(axes.length);
    const inner = tf.util.sizeFromShape(keptShape);
    const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
    const outShape = attrs.keepDims
      ? [...axes.map(() => 1), ...keptShape]
      : keptShape;
    const out = backend.makeOutput(outShape, "float32");
    // Rows side by side until a row is a multiple of 4 floats (6 channels:
    // 2 rows), summed by the SIMD kernel into float64, then folded.
    const { group, width, wideRows, tailStart } = laneRows(rows, inner);
    const scratch = backend.makeOutput([2 * width], "float32");
    simdKernels(backend).sumRows(
      offsetOf(backend, x),
      wideRows,
      width,
      offsetOf(backend, scratch),
    );
    const acc = new Float64Array(
      f32(backend, scratch).buffer,
      offsetOf(backend, scratch),
      width,
    );
    const src = f32(backend, x);
    const dst = f32(backend, out);
    for (let i = 0; i < inner; i++) {
      let total = 0;
      for (let g = 0; g < group; g++) total += acc[g * inner + i];
      for (let r = tailStart; r < rows; r++) total += src[r * inner + i];
      dst[i] = total;
    }
    release(backend, scratch);
    return out;
  };
}

/** `Identity` that shares the input's data (reference-counted). */
export function identity(originals: OriginalKernels) {
  return (args: Args): tf.TensorInfo => {
    const { backend, inputs: { x } } = unpack(args);
    if (x.dtype === "string") {
      return call(originals, "Identity", backend, args.inputs);
    }
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
