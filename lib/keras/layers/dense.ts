/**
 * The fully connected layer, with Keras defaults.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Shape } from "../../core/types.ts";
import { formatShape } from "../../core/format.ts";
import { KerasError } from "../errors.ts";
import type { LayerArgs, ShapeOrList } from "../layer.ts";
import { positiveInt, requireBatch, requireSameLastDim } from "./args.ts";
import {
  type InitializerDefaults,
  initializerNames,
  type InitializerSpec,
  resolveInitializers,
} from "./initializers.ts";
import { WrappedLayer } from "./wrapped.ts";

/** Arguments of {@link Dense}. */
export interface DenseArgs extends LayerArgs {
  /** Keras activation name, e.g. `"softmax"`; default linear. */
  activation?: string | null;
  /** Whether to add a bias; default `true`. */
  useBias?: boolean;
  /** Kernel initialiser; default `"glorot_uniform"`. */
  kernelInitializer?: InitializerSpec;
  /** Bias initialiser; default `"zeros"`. */
  biasInitializer?: InitializerSpec;
}

/** Dense's initialiser arguments and Keras defaults, the kernel's drawn first. */
const DENSE_INITIALIZERS: InitializerDefaults<
  "kernelInitializer" | "biasInitializer"
> = { kernelInitializer: "glorot_uniform", biasInitializer: "zeros" };

/** The class behind {@link Dense}. */
export class DenseLayer extends WrappedLayer {
  /** Number of outputs. */
  readonly units: number;
  private readonly _args: DenseArgs;

  /** Prefer the {@link Dense} factory. */
  constructor(units: number, args: DenseArgs = {}) {
    super(args, args.activation);
    this._args = args;
    this.units = positiveInt(units, "units", this.name);
    this._inner = tf.layers.dense({
      units,
      useBias: args.useBias ?? true,
      ...resolveInitializers(args, DENSE_INITIALIZERS, this.name),
    });
  }

  /** Keras class name, `"Dense"` (shown by `summary()` and saved in configs). */
  override get className(): string {
    return "Dense";
  }

  /** Requires rank ≥ 2, a known last dimension, and the same last dimension as when built. */
  protected override checkInputShape(shape: ShapeOrList): void {
    const s = requireBatch(shape, this.name, this.className);
    if (s[s.length - 1] === null) {
      throw new KerasError(
        `Layer "${this.name}" (Dense): the last dimension of the input must be known; ` +
          `got ${formatShape(s)}.`,
      );
    }
    requireSameLastDim(
      s,
      this._buildShape as Shape | undefined,
      this.name,
      "Dense",
    );
  }

  /** Adds `units`, `activation`, `useBias` and the initialiser names to the base config. */
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this._activationName,
      useBias: this._args.useBias ?? true,
      ...initializerNames(this._args, DENSE_INITIALIZERS),
    };
  }
}

/**
 * Fully connected layer, like `keras.layers.Dense`.
 *
 * @example
 * ```ts
 * Dense(10, { activation: "softmax" });
 * ```
 */
export function Dense(units: number, args: DenseArgs = {}): DenseLayer {
  return new DenseLayer(units, args);
}
