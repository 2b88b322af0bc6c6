/**
 * Errors raised by the Keras-style API. Each message names the layer or
 * model involved and the shapes it saw, and says what to do.
 *
 * @module
 */
import type { Shape } from "../core/types.ts";
import { formatShape } from "../core/format.ts";

/** A Keras-style `ValueError`: invalid arguments, shapes or configuration. */
export class KerasError extends Error {
  /** Creates the error with a message that says what to do. */
  constructor(message: string) {
    super(message);
    this.name = "KerasError";
  }
}

/** Throws unless `shape` has exactly `rank` dimensions (batch included). */
export function assertRank(
  layerName: string,
  className: string,
  shape: Shape,
  rank: number,
  hint: string,
): void {
  if (shape.length !== rank) {
    throw new KerasError(
      `Input 0 of layer "${layerName}" (${className}) is incompatible with the layer: ` +
        `expected ndim=${rank}, found ndim=${shape.length}. Full shape received: ` +
        `${formatShape(shape)}. ${hint}`,
    );
  }
}
