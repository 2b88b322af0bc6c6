/**
 * Errors raised by the Keras-style API. Each message names the layer or
 * model involved and the shapes it saw, and says what to do.
 *
 * @module
 */

/** A Keras-style `ValueError`: invalid arguments, shapes or configuration. */
export class KerasError extends Error {
  /** Creates the error with a message that says what to do. */
  constructor(message: string) {
    super(message);
    this.name = "KerasError";
  }
}
