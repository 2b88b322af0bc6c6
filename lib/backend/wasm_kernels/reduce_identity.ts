/**
 * `Sum` over leading axes and `Identity` for the wasm backend.
 *
 * A bias gradient sums a `[N,H,W,C]` tensor over its first three axes; the
 * built-in `Sum` first moves the reduced axes last with the slow C++
 * transpose. Summing rows into a float64 accumulator is one pass. `Identity`
 * shares the input's buffer (tensors are immutable) instead of copying it, as
 * the `cpu` backend does.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { type Args, call, f32, type OriginalKernels } from "./wasm_ops.ts";

/** Builds the `Sum` kernel function. */
export function sum(originals: OriginalKernels) {
  return (args: Args): tf.TensorInfo => {
    const backend = args.backend as BackendWasm;
    const { x } = args.inputs as Record<string, tf.TensorInfo>;
    const attrs = args.attrs as unknown as tf.SumAttrs;
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
    const src = f32(backend, x);
    const dst = f32(backend, out);
    // Few kept values (a bias of 6 channels) make a short inner loop; summing
    // `group` rows side by side gives V8 a long one, folded at the end.
    const group = Math.max(1, Math.ceil(64 / inner));
    const width = inner * group;
    const acc = new Float64Array(width);
    const full = Math.floor(rows / group) * width;
    for (let p = 0; p < full; p += width) {
      for (let i = 0; i < width; i++) acc[i] += src[p + i];
    }
    for (let p = full; p < rows * inner; p += inner) {
      for (let i = 0; i < inner; i++) acc[i] += src[p + i];
    }
    for (let g = 1; g < group; g++) {
      for (let i = 0; i < inner; i++) acc[i] += acc[g * inner + i];
    }
    for (let i = 0; i < inner; i++) dst[i] = acc[i];
    return out;
  };
}

/** `Identity` that shares the input's data (reference-counted). */
export function identity(originals: OriginalKernels) {
  return (args: Args): tf.TensorInfo => {
    const backend = args.backend as BackendWasm;
    const { x } = args.inputs as Record<string, tf.TensorInfo>;
    if (x.dtype === "string") {
      return call(originals, "Identity", backend, args.inputs);
    }
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
