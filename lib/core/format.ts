/**
 * Shapes and counts written the way Keras prints them, in one place for the
 * layers' error messages, the summary, the progress notes and the exercises'
 * feedback.
 *
 * @module
 */

/**
 * A shape as Keras prints it in messages, a Python tuple with `None` for
 * unknown dimensions: `(None, 28, 28, 1)`, `(10,)`.
 *
 * @example
 * ```ts
 * formatShape([null, 28, 28, 1]); // "(None, 28, 28, 1)"
 * formatShape([10]); // "(10,)"
 * ```
 */
export function formatShape(shape: readonly (number | null)[]): string {
  return shape.length === 1 ? `(${dims(shape)},)` : `(${dims(shape)})`;
}

/**
 * A shape as Keras's `summary()` prints it: the dimensions joined in
 * parentheses, without the tuple comma of {@link formatShape}: `(10)`.
 */
export function formatSummaryShape(shape: readonly (number | null)[]): string {
  return `(${dims(shape)})`;
}

function dims(shape: readonly (number | null)[]): string {
  return shape.map((d) => d === null ? "None" : String(d)).join(", ");
}

/** A count with thousands separators, as Keras and the course print it: `2,048`. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}
