/**
 * Call context shared by nested layer calls: the current training mode
 * (propagated like Keras's `training` argument) and shape helpers.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Shape } from "../core/types.ts";

/** A shape for one input or a list of shapes for a multi-input layer. */
export type ShapeOrList = Shape | Shape[];

const trainingStack: boolean[] = [];

/**
 * Runs `fn` with `training` as the default mode of every layer call inside
 * it, like Keras propagates `training` through nested `call()`s.
 */
export function withTraining<T>(training: boolean, fn: () => T): T {
  trainingStack.push(training);
  try {
    return fn();
  } finally {
    trainingStack.pop();
  }
}

/** The training mode of the innermost enclosing call (default inference). */
export function currentTraining(): boolean {
  return trainingStack.length > 0 && trainingStack[trainingStack.length - 1];
}

function batchless(shape: readonly number[]): Shape {
  return [null, ...shape.slice(1)];
}

/** The shape of a tensor or list, with the batch dimension set to `null`. */
export function shapeOf(x: tf.Tensor | tf.Tensor[]): ShapeOrList {
  return Array.isArray(x) ? x.map((t) => batchless(t.shape)) : batchless(
    x.shape,
  );
}

/** True when `s` is a list of shapes rather than one shape. */
export function isShapeList(s: ShapeOrList): s is Shape[] {
  return s.length > 0 && Array.isArray(s[0]);
}

/** Concrete zeros for a symbolic shape (unknown dimensions become 1). */
export function dummyInput(s: ShapeOrList): tf.Tensor | tf.Tensor[] {
  if (isShapeList(s)) return s.map((one) => tf.zeros(one.map((d) => d ?? 1)));
  return tf.zeros((s as Shape).map((d) => d ?? 1));
}
