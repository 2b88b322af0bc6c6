/**
 * ReLU's gradient on wasm in one SIMD pass (`reluGrad` in `wasm/relu.ts`).
 * tfjs's own, `dy · cast(step(x))`, is three kernels (`Step`, `Cast`,
 * `Multiply`) and two temporary tensors the size of the layer: 45 ms a step
 * for mini-Inception's three ReLU branches at batch 256, profiled.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { simdKernels } from "../simd/simd_module.ts";
import type { Args } from "./wasm_ops.ts";
import { offsetOf, unpack } from "./wasm_ops.ts";
import { replaceGradientOnWasm } from "./one_pass_gradient.ts";

/** Our kernel for ReLU's gradient: inputs `x` (ReLU's input) and `dy`; output `dx`. */
export const RELU_GRAD = "CnnReluGrad";

/** {@link RELU_GRAD} on wasm: `dx = dy·step(x)` in one SIMD pass. */
export function reluGrad(args: Args): tf.TensorInfo {
  const { backend, inputs: { x, dy } } = unpack(args);
  const out = backend.makeOutput(x.shape, "float32");
  simdKernels(backend).reluGrad(
    offsetOf(backend, x),
    offsetOf(backend, dy),
    offsetOf(backend, out),
    tf.util.sizeFromShape(x.shape),
  );
  return out;
}

let registered = false;

/**
 * Registers {@link RELU_GRAD} on wasm and makes `Relu`'s gradient use it
 * where the current backend has it (float32); elsewhere tfjs's own gradient
 * runs, unchanged (idempotent).
 */
export function registerReluGradient(): void {
  if (registered) return;
  replaceGradientOnWasm({
    op: "Relu",
    kernelName: RELU_GRAD,
    kernelFunc: reluGrad as tf.KernelFunc,
    inputs: ([x], dy) => ({ x, dy }),
  });
  registered = true;
}
