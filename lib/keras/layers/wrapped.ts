/**
 * Base for layers whose computation and variables come from a tfjs-layers
 * layer (Conv2D, Dense, BatchNormalization, …): tfjs creates and owns the
 * variables, this class adds Keras naming, shape checks and activations.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  Layer,
  type LayerArgs,
  type LayerWeight,
  type ShapeOrList,
} from "../layer.ts";
import { type ActivationFn, resolveActivation } from "./activations.ts";

/** Casts integer inputs (e.g. raw MNIST pixels) to float32 like Keras does. */
export function toFloat(x: tf.Tensor): tf.Tensor {
  return x.dtype === "float32" ? x : tf.cast(x, "float32");
}

/** A layer computed by a wrapped tfjs-layers layer plus a Keras activation. */
export abstract class WrappedLayer extends Layer {
  /** The tfjs layer doing the work; created by the subclass constructor. */
  protected _inner!: tf.layers.Layer;
  /** Activation applied after the tfjs layer. */
  protected _activation: ActivationFn;
  /** Keras name of that activation (for configs). */
  protected _activationName: string;

  /** Resolves the activation (clear error for unknown names). */
  constructor(args: LayerArgs, activation?: string | null) {
    super(args);
    this._activationName = activation ?? "linear";
    this._activation = resolveActivation(activation, this.name);
  }

  /** Creates the tfjs variables for `inputShape`. */
  override build(inputShape: ShapeOrList): void {
    if (this.built) return;
    this.checkInputShape(inputShape);
    tf.tidy(() => this._inner.build(inputShape as tf.Shape));
    this._inner.built = true;
    this.markBuilt(inputShape);
  }

  /** Output shape computed by tfjs. */
  override computeOutputShape(inputShape: ShapeOrList): ShapeOrList {
    return this._inner.computeOutputShape(
      inputShape as tf.Shape,
    ) as ShapeOrList;
  }

  /** Runs the tfjs layer then the activation. */
  override call(
    inputs: tf.Tensor | tf.Tensor[],
    training?: boolean,
  ): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs.map(toFloat) : toFloat(inputs);
      const y = this._inner.apply(x, {
        training: training ?? false,
      }) as tf.Tensor;
      return this._activation(y);
    });
  }

  /** The tfjs variables with their short Keras names. */
  protected override ownWeights(): LayerWeight[] {
    if (!this._inner.built) return [];
    return this._inner.weights.map((lv) => ({
      name: lv.originalName.split("/").pop() ?? lv.originalName,
      variable: lv.read() as tf.Variable,
      trainable: lv.trainable,
    }));
  }
}
