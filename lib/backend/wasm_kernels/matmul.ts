/**
 * `BatchMatMul` for the wasm backend. The built-in kernel uses XNNPACK only
 * when neither operand is transposed and falls back to a scalar triple loop
 * otherwise — which is what a dense layer's gradients ask for (0.24 s and
 * 0.49 s per step for mini-Inception's 87,808×10 layer). Transposing the
 * operand explicitly and running the XNNPACK path is several times faster.
 * A dense layer's weight gradient `xᵀ · dy` with few outputs (mini-Inception's
 * 87,808 × 10) runs our SIMD kernel instead (`wasm/matmul_tn.ts`): no
 * transposed copy of `x`, and twelve columns at once where XNNPACK's GEMM
 * tiles are wider than ten (59 → 17 ms a step, profiled).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import {
  type Args,
  f32,
  offsetOf,
  type OriginalKernels,
  release,
  unpack,
} from "./wasm_ops.ts";
import { simdKernels, wasmMemoryOf } from "../simd/simd_module.ts";
import { readyHelpers, runParts } from "../simd/simd_helpers.ts";
import { transposeTensor } from "./transpose.ts";

/** Builds the `BatchMatMul` kernel function. */
export function batchMatMul(originals: OriginalKernels) {
  const original = originals.get("BatchMatMul")!;
  return (args: Args): tf.TensorInfo => {
    const { backend, inputs: { a, b }, attrs } = unpack<tf.BatchMatMulAttrs>(
      args,
    );
    const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
    const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
    if (
      (!attrs.transposeA && !attrs.transposeB) || batchA !== 1 ||
      batchB !== 1 ||
      a.dtype !== "float32" || b.dtype !== "float32"
    ) {
      return original.kernelFunc(args) as tf.TensorInfo;
    }
    if (attrs.transposeA && !attrs.transposeB && narrowTN(a, b)) {
      return matmulTN(backend, a, b);
    }
    const swapLast = (t: tf.TensorInfo) => {
      const r = t.shape.length;
      const perm = [...Array(r).keys()];
      [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
      return transposeTensor(backend, t, perm);
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

/** Widest `b` the `aᵀ · b` kernel takes (its register block). */
const TN_MAX_COLUMNS = 12;

/** True for `aᵀ · b` with few columns of `b` and enough rows to split. */
function narrowTN(a: tf.TensorInfo, b: tf.TensorInfo): boolean {
  return b.shape[b.shape.length - 1] <= TN_MAX_COLUMNS &&
    a.shape[a.shape.length - 1] >= 64;
}

/** `aᵀ · b` (`a` `[1,K,M]`, `b` `[1,K,n]`) on `matmulTN12`, rows split between threads. */
function matmulTN(
  backend: BackendWasm,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
): tf.TensorInfo {
  const r = a.shape.length;
  const [k, m] = [a.shape[r - 2], a.shape[r - 1]];
  const n = b.shape[b.shape.length - 1];
  const out = backend.makeOutput(
    [...a.shape.slice(0, -2), m, n],
    "float32",
  );
  // b's columns padded with zeros to the kernel's twelve.
  const wide = backend.makeOutput([k, TN_MAX_COLUMNS], "float32");
  const dst = f32(backend, wide);
  const src = f32(backend, b);
  dst.fill(0);
  for (let row = 0; row < k; row++) {
    dst.set(src.subarray(row * n, (row + 1) * n), row * TN_MAX_COLUMNS);
  }
  const memory = wasmMemoryOf(backend);
  const threads = Math.max(1, Math.min(m >> 4, 1 + readyHelpers(memory)));
  // Row ranges on multiples of 4, so only the last has a scalar tail.
  const cut = (t: number) => Math.min(m, Math.floor((m * t) / threads / 4) * 4);
  const parts = Array.from({ length: threads }, (_, t) => [
    offsetOf(backend, a),
    offsetOf(backend, wide),
    offsetOf(backend, out),
    m,
    k,
    n,
    cut(t),
    t === threads - 1 ? m : cut(t + 1),
  ]);
  runParts(simdKernels(backend), memory, "matmulTN12", parts);
  release(backend, wide);
  return out;
}
