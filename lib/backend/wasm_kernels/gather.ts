/**
 * `GatherV2` for the wasm backend in TypeScript. The built-in C++ kernel
 * computes every output element's source index separately, ~70 ns per
 * element: `trainTestSplit` of MNIST (39 million floats) took 2.5–5 s of the
 * first notebook cell, and `fit` gathers every batch. A gather only moves
 * whole slices (the elements after `axis`), so this one copies each slice
 * with one `copyWithin` in the heap. Same checks, same message, same output.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  type Args,
  call,
  offsetOf,
  type OriginalKernels,
  unpack,
} from "./wasm_ops.ts";

/** Below this many bytes per slice a plain element loop beats `copyWithin` calls. */
const LOOP_BYTES = 64;

/** Builds the `GatherV2` kernel function. */
export function gatherV2(originals: OriginalKernels) {
  return (args: Args): tf.TensorInfo => {
    const { backend, inputs: { x, indices }, attrs: { axis, batchDims } } =
      unpack<tf.GatherV2Attrs>(args);
    const bytes = bytesPer(x.dtype);
    if (bytes === 0) {
      return call(originals, "GatherV2", backend, args.inputs, args.attrs);
    }
    const parsedAxis = tf.util.parseAxisParam(axis, x.shape)[0];
    const idx = backend.readSync(indices.dataId) as Int32Array;
    const axisDim = x.shape[parsedAxis];
    // The same bounds check and message as tfjs's kernel, before any allocation.
    for (let i = 0; i < idx.length; ++i) {
      const index = idx[i];
      if (!(index <= axisDim - 1 && index >= 0)) {
        throw new Error(
          `GatherV2: the index value ${index} is not in [0, ${axisDim - 1}]`,
        );
      }
    }
    const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(
      x as tf.Tensor,
      indices as tf.Tensor,
      parsedAxis,
      batchDims,
    );
    const out = backend.makeOutput(info.outputShape, x.dtype);
    if (tf.util.sizeFromShape(x.shape) === 0 || idx.length === 0) return out;
    const perBatch = idx.length / info.batchSize;
    const slice = info.sliceSize * bytes;
    // Offsets are taken after makeOutput: a heap growth moves nothing, but
    // views made before it would be detached.
    const heap = new Uint8Array(backend.typedArrayFromHeap(out).buffer);
    const src = offsetOf(backend, x);
    const dst = offsetOf(backend, out);
    let d = dst;
    for (let b = 0; b < info.batchSize; b++) {
      for (let o = 0; o < info.outerSize; o++) {
        const base = src + (b * info.outerSize + o) * info.dimSize * slice;
        for (let i = 0; i < perBatch; i++) {
          const s = base + idx[b * perBatch + i] * slice;
          if (slice < LOOP_BYTES) {
            for (let k = 0; k < slice; k++) heap[d + k] = heap[s + k];
          } else {
            heap.copyWithin(d, s, s + slice);
          }
          d += slice;
        }
      }
    }
    return out;
  };
}

/** Bytes per element of a dtype the wasm heap stores, 0 for others (strings, complex). */
function bytesPer(dtype: tf.DataType): number {
  if (dtype === "float32" || dtype === "int32") return 4;
  if (dtype === "bool") return 1;
  return 0;
}
