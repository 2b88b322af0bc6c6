/**
 * Core layers without weights: Flatten, Activation and Dropout.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { seededRng } from "../../core/seed.ts";
import { nextSeed } from "../../core/seed.ts";
import type { Shape } from "../../core/types.ts";
import { KerasError } from "../errors.ts";
import type { LayerArgs, ShapeOrList } from "../layer.ts";
import { type ActivationFn, resolveActivation } from "./activations.ts";
import { requireBatch } from "./args.ts";
import { ElementwiseLayer, StatelessLayer } from "./stateless.ts";
import { toFloat } from "./wrapped.ts";

/** The class behind {@link Flatten}. */
export class FlattenLayer extends StatelessLayer {
  /** Keras class name, `"Flatten"` (shown by `summary()` and saved in configs). */
  override get className(): string {
    return "Flatten";
  }

  /** Rejects inputs without a batch dimension (rank below 2), as Keras does. */
  protected override checkInputShape(shape: ShapeOrList): void {
    requireBatch(shape, this.name, this.className, " (a batch)");
  }

  /** `(batch, product of the other sizes)`; the product is `None` if any size is unknown. */
  override computeOutputShape(inputShape: ShapeOrList): Shape {
    const s = inputShape as Shape;
    const rest = s.slice(1);
    const size = rest.some((d) => d === null)
      ? null
      : rest.reduce((n: number, d) => n * (d as number), 1);
    return [s[0], size];
  }

  /** Reshapes each sample to a vector. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = inputs as tf.Tensor;
    return tf.reshape(x, [x.shape[0], -1]);
  }
}

/**
 * Flattens each sample to a vector, like `keras.layers.Flatten`.
 *
 * @example
 * ```ts
 * Flatten(); // (None, 28, 28, 112) → (None, 87808)
 * ```
 */
export function Flatten(args: LayerArgs = {}): FlattenLayer {
  return new FlattenLayer(args);
}

/** The class behind {@link Activation}. */
export class ActivationLayer extends ElementwiseLayer {
  /** Keras name of the activation. */
  readonly activation: string;
  private readonly _fn: ActivationFn;

  /** Prefer the {@link Activation} factory. */
  constructor(activation: string, args: LayerArgs = {}) {
    super(args);
    this.activation = activation;
    this._fn = resolveActivation(activation, this.name);
  }

  /** Keras class name, `"Activation"` (shown by `summary()` and saved in configs). */
  override get className(): string {
    return "Activation";
  }

  /** Applies the activation (integer inputs are cast to float32 first). */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => this._fn(toFloat(inputs as tf.Tensor)));
  }

  /** Adds `activation` to the base config. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: this.activation };
  }
}

/**
 * Applies an activation by Keras name, like `keras.layers.Activation`.
 *
 * @example
 * ```ts
 * Activation("relu");
 * ```
 */
export function Activation(
  activation: string,
  args: LayerArgs = {},
): ActivationLayer {
  return new ActivationLayer(activation, args);
}

/** Arguments of {@link Dropout}. */
export interface DropoutArgs extends LayerArgs {
  /** Seed of the dropout masks; default derived from the global seed. */
  seed?: number;
}

/** The class behind {@link Dropout}. */
export class DropoutLayer extends ElementwiseLayer {
  /** Fraction of inputs zeroed in training. */
  readonly rate: number;
  private readonly _rng?: () => number;

  /** Prefer the {@link Dropout} factory. */
  constructor(rate: number, args: DropoutArgs = {}) {
    super(args);
    if (typeof rate !== "number" || !(rate >= 0 && rate < 1)) {
      throw new KerasError(
        `Layer "${this.name}" (Dropout): rate must be a number in [0, 1); got ${rate}.`,
      );
    }
    this.rate = rate;
    const seed = args.seed ?? nextSeed();
    if (seed !== undefined) this._rng = seededRng(seed);
  }

  /** Keras class name, `"Dropout"` (shown by `summary()` and saved in configs). */
  override get className(): string {
    return "Dropout";
  }

  /** In training, zeroes inputs at random and scales the rest; in inference, returns a copy of the input. */
  override call(
    inputs: tf.Tensor | tf.Tensor[],
    training?: boolean,
  ): tf.Tensor {
    const x = inputs as tf.Tensor;
    if (!training || this.rate === 0) return tf.clone(x);
    const seed = this._rng ? Math.floor(this._rng() * 2147483647) : undefined;
    return tf.tidy(() => tf.dropout(toFloat(x), this.rate, undefined, seed));
  }

  /** Adds `rate` to the base config. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate };
  }
}

/**
 * Randomly zeroes a fraction `rate` of inputs during training (scaling the
 * rest by 1/(1-rate)), like `keras.layers.Dropout`; identity in inference.
 */
export function Dropout(rate: number, args: DropoutArgs = {}): DropoutLayer {
  return new DropoutLayer(rate, args);
}
