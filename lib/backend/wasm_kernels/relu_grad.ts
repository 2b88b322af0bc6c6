/**
 * ReLU's gradient on wasm in one SIMD pass (`reluGrad` in `wasm/relu.ts`).
 * tfjs's own, `dy · cast(step(x))`, is three kernels (`Step`, `Cast`,
 * `Multiply`) and two temporary tensors the size of the layer: 45 ms a step
 * for mini-Inception's three ReLU branches at batch 256, profiled.
 *
 * @module
 */
import { replaceGradientOnWasm } from "./one_pass_gradient.ts";

/** Our kernel for ReLU's gradient: inputs `x` (ReLU's input) and `dy`; output `dx`. */
export const RELU_GRAD = "CnnReluGrad";

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
    saved: "x",
    simd: "reluGrad",
  });
  registered = true;
}
