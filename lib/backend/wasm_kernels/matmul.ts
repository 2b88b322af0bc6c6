/**
 * `BatchMatMul` for the wasm backend. The built-in kernel uses XNNPACK only
 * when neither operand is transposed and falls back to a scalar triple loop
 * otherwise — which is what a dense layer's gradients ask for (0.24 s and
 * 0.49 s per step for mini-Inception's 87,808×10 layer). Transposing the
 * operand explicitly and running the XNNPACK path is several times faster.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import {
  type Args,
  call,
  type OriginalKernels,
  release,
  transpose,
} from "./wasm_ops.ts";

/** Builds the `BatchMatMul` kernel function. */
export function batchMatMul(originals: OriginalKernels) {
  const original = originals.get("BatchMatMul")!;
  return (args: Args): tf.TensorInfo => {
    const backend = args.backend as BackendWasm;
    const { a, b } = args.inputs as Record<string, tf.TensorInfo>;
    const attrs = args.attrs as unknown as tf.BatchMatMulAttrs;
    const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
    const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
    if (
      (!attrs.transposeA && !attrs.transposeB) || batchA !== 1 ||
      batchB !== 1 ||
      a.dtype !== "float32" || b.dtype !== "float32"
    ) {
      return original.kernelFunc(args) as tf.TensorInfo;
    }
    const swapLast = (t: tf.TensorInfo) => {
      const r = t.shape.length;
      const perm = [...Array(r).keys()];
      [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
      return transpose(originals, backend, t, perm);
    };
    const a2 = attrs.transposeA ? swapLast(a) : a;
    const b2 = attrs.transposeB ? swapLast(b) : b;
    const out = original.kernelFunc({
      inputs: { a: a2, b: b2 },
      backend,
      attrs: {
        ...attrs,
        transposeA: false,
        transposeB: false,
      } as unknown as tf.NamedAttrMap,
    }) as tf.TensorInfo;
    if (a2 !== a) release(backend, a2);
    if (b2 !== b) release(backend, b2);
    return out;
  };
}

/**
 * Eigen's rational approximation of tanh (max error a few ulp of float32):
 * std::tanh, which the wasm kernel calls, costs ~25 ns per element there.
 */
export function fastTanh(v: number): number {
  if (v > 7.90531110763549805) return 1;
  if (v < -7.90531110763549805) return -1;
  if (Math.abs(v) < 0.0004) return v;
  const x2 = v * v;
  let p = -2.76076847742355e-16;
  p = p * x2 + 2.00018790482477e-13;
  p = p * x2 - 8.60467152213735e-11;
  p = p * x2 + 5.12229709037114e-8;
  p = p * x2 + 1.48572235717979e-5;
  p = p * x2 + 6.37261928875436e-4;
  p = p * x2 + 4.89352455891786e-3;
  let q = 1.19825839466702e-6;
  q = q * x2 + 1.18534705686654e-4;
  q = q * x2 + 2.268434632439e-3;
  q = q * x2 + 4.89352518554385e-3;
  return (v * p) / q;
}

/** Builds the `Tanh` kernel function (float32 through {@link fastTanh}). */
export function tanh(originals: OriginalKernels) {
  return (args: Args): tf.TensorInfo => {
    const backend = args.backend as BackendWasm;
    const { x } = args.inputs as Record<string, tf.TensorInfo>;
    if (x.dtype !== "float32") {
      return call(originals, "Tanh", backend, args.inputs);
    }
    const out = backend.makeOutput(x.shape, "float32");
    const src = backend.typedArrayFromHeap(x) as Float32Array;
    const dst = backend.typedArrayFromHeap(out) as Float32Array;
    for (let i = 0; i < src.length; i++) dst[i] = fastTanh(src[i]);
    return out;
  };
}
