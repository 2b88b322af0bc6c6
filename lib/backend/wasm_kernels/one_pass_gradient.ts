/**
 * Replaces an elementwise op's tfjs gradient, where the current backend is
 * wasm, by one kernel of ours (tanh's `dy·(1 − y²)`, ReLU's `dy·step(x)`):
 * tfjs's own is several kernels and as many temporary tensors the size of
 * the layer. On every other backend, or for other dtypes, tfjs's gradient
 * runs unchanged.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { type SimdKernels, simdKernels } from "../simd/simd_module.ts";
import { type Args, offsetOf, unpack } from "./wasm_ops.ts";

/** What {@link replaceGradientOnWasm} needs to know about one op. */
export interface OnePassGradient {
  /** The op whose gradient is replaced, e.g. `"Tanh"`. */
  op: string;
  /** Our kernel's name, registered on wasm. */
  kernelName: string;
  /** The op's saved tensor our kernel reads with `dy`: `"x"` (input) or `"y"` (output). */
  saved: "x" | "y";
  /** The SIMD kernel `(saved, dy, dx, n)` that computes `dx`. */
  simd: "tanhGrad" | "reluGrad";
}

/** Our kernel: `dx` from the saved tensor and `dy` in one SIMD pass. */
function onePassKernel(g: OnePassGradient): tf.KernelFunc {
  return ((args: Args): tf.TensorInfo => {
    const { backend, inputs } = unpack(args);
    const saved = inputs[g.saved];
    const out = backend.makeOutput(saved.shape, "float32");
    const kernels: SimdKernels = simdKernels(backend);
    kernels[g.simd](
      offsetOf(backend, saved),
      offsetOf(backend, inputs.dy),
      offsetOf(backend, out),
      tf.util.sizeFromShape(saved.shape),
    );
    return out;
  }) as tf.KernelFunc;
}

/** Registers `g.kernelName` on wasm and routes `g.op`'s float32 gradient to it there. */
export function replaceGradientOnWasm(g: OnePassGradient): void {
  const original = tf.getGradient(g.op);
  if (original === undefined) {
    throw new Error(
      `tfjs has no gradient for ${g.op}; @tensorflow/tfjs 4.22 is required.`,
    );
  }
  tf.registerKernel({
    kernelName: g.kernelName,
    backendName: "wasm",
    kernelFunc: onePassKernel(g),
  });
  tf.registerGradient({
    ...original,
    gradFunc: (dy, saved, attrs) => {
      const d = dy as tf.Tensor;
      if (
        d.dtype !== "float32" || saved.some((t) => t.dtype !== "float32") ||
        tf.getKernel(g.kernelName, tf.getBackend()) === undefined
      ) {
        return original.gradFunc(dy, saved, attrs);
      }
      const inputs = { [g.saved]: saved[0], dy: d };
      return {
        x: () => tf.engine().runKernel(g.kernelName, inputs) as tf.Tensor,
      };
    },
  });
}
