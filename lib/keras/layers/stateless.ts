/**
 * Bases for layers without weights (pooling, Flatten, merges, Activation,
 * Dropout): building only validates the input shape.
 *
 * @module
 */
import { Layer, type ShapeOrList } from "../layer.ts";
import { single } from "./args.ts";

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

/**
 * A layer without weights whose output has its input's shape (Activation,
 * Dropout); built at construction, as Keras builds such layers.
 */
export abstract class ElementwiseLayer extends StatelessLayer {
  /** Built at construction, as Keras does for layers without weights. */
  protected override get buildsAtInit(): boolean {
    return true;
  }

  /** Same shape as the input. */
  override computeOutputShape(inputShape: ShapeOrList): ShapeOrList {
    return single(inputShape, this.name, this.className);
  }
}
