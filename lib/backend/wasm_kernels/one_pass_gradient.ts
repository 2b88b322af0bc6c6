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

/** What {@link replaceGradientOnWasm} needs to know about one op. */
export interface OnePassGradient {
  /** The op whose gradient is replaced, e.g. `"Tanh"`. */
  op: string;
  /** Our kernel's name, registered on wasm. */
  kernelName: string;
  /** Our kernel. */
  kernelFunc: tf.KernelFunc;
  /** Our kernel's inputs from what the op saved and the output's gradient. */
  inputs: (saved: tf.Tensor[], dy: tf.Tensor) => tf.NamedTensorMap;
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
    kernelFunc: g.kernelFunc,
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
      const inputs = g.inputs(saved, d);
      return {
        x: () => tf.engine().runKernel(g.kernelName, inputs) as tf.Tensor,
      };
    },
  });
}
