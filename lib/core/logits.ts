/**
 * Remembers the logits behind `softmax`/`sigmoid` outputs while a loss is
 * computed, so cross-entropy can use them, as Keras 3 does.
 *
 * Keras's TensorFlow backend tags every softmax/sigmoid output with its input
 * (`_keras_logits`), and its cross-entropy losses use those logits instead of
 * the clipped probabilities. That matters for training: through clipped
 * probabilities a sample the model gets confidently wrong (p < 1e-7) gives no
 * gradient at all, while from logits it always pulls with `p − y`. Tagging
 * happens only inside {@link withLogits} (the training step and evaluation),
 * which releases the remembered tensors when it ends, so nothing leaks.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** Which activation produced the probabilities. */
export type LogitsKind = "softmax" | "sigmoid";

let depth = 0;
const held: tf.Tensor[] = [];
const tags = new WeakMap<tf.Tensor, { logits: tf.Tensor; kind: LogitsKind }>();

/** Runs `fn` with logits remembered for softmax/sigmoid outputs, released after. */
export function withLogits<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    depth--;
    if (depth === 0) tf.dispose(held.splice(0));
  }
}

/** Records that `output = kind(logits)` (only inside {@link withLogits}). */
export function rememberLogits(
  output: tf.Tensor,
  logits: tf.Tensor,
  kind: LogitsKind,
): void {
  if (depth === 0) return;
  // A kept copy (on the gradient tape, like the original): the layer's
  // tf.tidy would otherwise dispose the intermediate logits.
  const kept = tf.keep(tf.clone(logits));
  held.push(kept);
  tags.set(output, { logits: kept, kind });
}

/** The logits behind `probabilities` when it is a remembered `kind` output. */
export function logitsOf(
  probabilities: tf.Tensor,
  kind: LogitsKind,
): tf.Tensor | undefined {
  const tag = tags.get(probabilities);
  return tag !== undefined && tag.kind === kind && !tag.logits.isDisposed
    ? tag.logits
    : undefined;
}
