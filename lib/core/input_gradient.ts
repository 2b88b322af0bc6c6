/**
 * Marks tensors whose gradient nobody needs (the batch a training step feeds
 * in), so a convolution applied straight to one can skip its input gradient.
 *
 * tfjs's fused `conv2d` computes the gradients of its input, filter and bias
 * together, even when the input is the data batch. For the first convolution
 * of a model that input gradient is the costliest piece of the backward pass
 * that is thrown away (10–40 ms per step at batch 256 on wasm). Only the
 * training loop marks tensors, so `tf.grad` with respect to an image (e.g. a
 * saliency map) still works.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

const marked = new WeakSet<tf.Tensor>();

/**
 * Runs `fn` with `x` marked as needing no gradient (the training step's batch).
 *
 * @example
 * ```ts
 * const grads = withoutInputGradient(xb, () => tf.variableGrads(() => loss(model(xb))));
 * ```
 */
export function withoutInputGradient<T>(x: tf.Tensor, fn: () => T): T {
  marked.add(x);
  try {
    return fn();
  } finally {
    marked.delete(x);
  }
}

/** True when `x` was marked by {@link withoutInputGradient} and is still being run. */
export function needsNoGradient(x: tf.Tensor): boolean {
  return marked.has(x);
}

/** What {@link conv2dSkippingInputGradient} needs to know about the convolution. */
export interface ConvSpec {
  /** Strides along height and width. */
  strides: [number, number];
  /** `"valid"` or `"same"`. */
  padding: "valid" | "same";
}

/**
 * `tf.fused.conv2d(x, kernel) + bias` whose gradient covers only `kernel` and
 * `bias`: `x` is captured, not an input of the recorded op, so the tape never
 * asks for its gradient. The forward pass is the same fused kernel.
 */
export function conv2dSkippingInputGradient(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  bias: tf.Tensor1D | null,
  spec: ConvSpec,
): tf.Tensor4D {
  const filterShape = kernel.shape;
  const filterGrad = (xs: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D =>
    tf.engine().runKernel("Conv2DBackpropFilter", { x: xs, dy }, {
      strides: spec.strides,
      pad: spec.padding,
      dataFormat: "NHWC",
      dimRoundingMode: undefined,
      filterShape,
    } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  const forward = (k: tf.Tensor4D, b?: tf.Tensor1D) =>
    tf.fused.conv2d({
      x,
      filter: k,
      bias: b,
      strides: spec.strides,
      pad: spec.padding,
      dataFormat: "NHWC",
    });
  // customGrad passes the op's tensors, then the save function, as one list.
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [k, b] = args as [tf.Tensor4D, tf.Tensor1D?];
    save([x]);
    return {
      value: forward(k, b),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const dw = filterGrad(saved[0] as tf.Tensor4D, dy as tf.Tensor4D);
        return b === undefined ? [dw] : [dw, tf.sum(dy, [0, 1, 2])];
      },
    };
  });
  return (bias === null ? op(kernel) : op(kernel, bias)) as tf.Tensor4D;
}
