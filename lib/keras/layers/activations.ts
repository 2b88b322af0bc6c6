/**
 * Activation functions by Keras name (`"relu"`, `"tanh"`, `"softmax"`, …).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { KerasError } from "../errors.ts";
import { type LogitsKind, rememberLogits } from "../../core/logits.ts";

/** An activation: a function from tensor to tensor of the same shape. */
export type ActivationFn = (x: tf.Tensor) => tf.Tensor;

function withTag(out: tf.Tensor, x: tf.Tensor, kind: LogitsKind): tf.Tensor {
  rememberLogits(out, x, kind);
  return out;
}

const ACTIVATIONS: Record<string, ActivationFn> = {
  linear: (x) => x,
  relu: (x) => tf.relu(x),
  relu6: (x) => tf.relu6(x),
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => withTag(tf.sigmoid(x), x, "sigmoid"),
  softmax: (x) => withTag(tf.softmax(x), x, "softmax"),
  elu: (x) => tf.elu(x),
  selu: (x) => tf.selu(x),
  softplus: (x) => tf.softplus(x),
  softsign: (x) => tf.div(x, tf.add(tf.abs(x), 1)),
  exponential: (x) => tf.exp(x),
  leaky_relu: (x) => tf.leakyRelu(x, 0.2),
  hard_sigmoid: (x) => tf.clipByValue(tf.add(tf.mul(x, 1 / 6), 0.5), 0, 1),
  silu: (x) => tf.mul(x, tf.sigmoid(x)),
  swish: (x) => tf.mul(x, tf.sigmoid(x)),
  gelu: (x) =>
    tf.mul(
      tf.mul(x, 0.5),
      tf.add(
        1,
        tf.tanh(
          tf.mul(
            Math.sqrt(2 / Math.PI),
            tf.add(x, tf.mul(0.044715, tf.pow(x, 3))),
          ),
        ),
      ),
    ),
};

/** Keras activation names this library knows. */
export const ACTIVATION_NAMES: readonly string[] = Object.keys(ACTIVATIONS);

/**
 * Resolves an activation given by Keras name (or `undefined`/`null` for
 * linear). Throws a clear error naming the layer for unknown names.
 */
export function resolveActivation(
  name: string | null | undefined,
  layerName: string,
): ActivationFn {
  if (name === undefined || name === null) return ACTIVATIONS.linear;
  const fn = Object.hasOwn(ACTIVATIONS, name) ? ACTIVATIONS[name] : undefined;
  if (!fn) {
    throw new KerasError(
      `Unknown activation "${name}" for layer "${layerName}". ` +
        `Use one of: ${ACTIVATION_NAMES.join(", ")}.`,
    );
  }
  return fn;
}
