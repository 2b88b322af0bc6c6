/**
 * `Tanh` for the wasm backend, and its gradient. The built-in kernel calls
 * `std::tanh` per element (~25 ns there); this one runs our SIMD kernel
 * (Eigen's rational approximation, a few ulp from the exact value), about
 * 1 ns per element. tfjs's gradient, `dy·(1 − y²)`, is three kernels
 * (`Square`, `Sub`, `Multiply`) and three tensors the size of the layer's
 * output; on wasm it is one SIMD pass here.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { simdKernels } from "../simd/simd_module.ts";
import type { Args, OriginalKernels } from "./wasm_ops.ts";
import { call, offsetOf, unpack } from "./wasm_ops.ts";
import { replaceGradientOnWasm } from "./one_pass_gradient.ts";

/** Our kernel for tanh's gradient: inputs `y` (tanh's output) and `dy`; output `dx`. */
export const TANH_GRAD = "CnnTanhGrad";

/** Builds the `Tanh` kernel function. */
export function tanh(originals: OriginalKernels) {
  return (args: Args): tf.TensorInfo => {
    const { backend, inputs: { x } } = unpack(args);
    if (x.dtype !== "float32") {
      return call(originals, "Tanh", backend, args.inputs);
    }
    const out = backend.makeOutput(x.shape, "float32");
    simdKernels(backend).tanh(
      offsetOf(backend, x),
      offsetOf(backend, out),
      tf.util.sizeFromShape(x.shape),
      1,
    );
    return out;
  };
}

let registered = false;

/**
 * Registers {@link TANH_GRAD} on wasm and makes `Tanh`'s gradient use it
 * where the current backend has it (float32); elsewhere tfjs's own gradient
 * runs, unchanged (idempotent).
 */
export function registerTanhGradient(): void {
  if (registered) return;
  replaceGradientOnWasm({
    op: "Tanh",
    kernelName: TANH_GRAD,
    saved: "y",
    simd: "tanhGrad",
  });
  registered = true;
}
