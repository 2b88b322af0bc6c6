/**
 * Base for layers without weights (pooling, Flatten, merges, Activation):
 * building only validates the input shape.
 *
 * @module
 */
import { Layer, type ShapeOrList } from "../layer.ts";

/** A layer without weights whose output shape is computed, not measured. */
export abstract class StatelessLayer extends Layer {
  /** Validates the shape and marks the layer built (there is nothing to create). */
  override build(inputShape: ShapeOrList): void {
    if (this.built) return;
    this.checkInputShape(inputShape);
    this.markBuilt(inputShape);
  }

  /** Output shape for an input shape (batch `null`). */
  abstract override computeOutputShape(inputShape: ShapeOrList): ShapeOrList;
}
