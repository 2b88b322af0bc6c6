/**
 * BatchNormalization with Keras defaults (momentum 0.99, epsilon 1e-3).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { formatShape } from "../../core/format.ts";
import { KerasError } from "../errors.ts";
import type { LayerArgs, ShapeOrList } from "../layer.ts";
import { single } from "./args.ts";
import { WrappedLayer } from "./wrapped.ts";

/** Arguments of {@link BatchNormalization}. */
export interface BatchNormalizationArgs extends LayerArgs {
  /** The feature axis to normalise per channel; default -1 (last). */
  axis?: number;
  /** Moving-average momentum; default 0.99. */
  momentum?: number;
  /** Small constant added to the variance; default 1e-3. */
  epsilon?: number;
  /** Whether to learn an offset `beta`; default `true`. */
  center?: boolean;
  /** Whether to learn a scale `gamma`; default `true`. */
  scale?: boolean;
}

/** The class behind {@link BatchNormalization}. */
export class BatchNormalizationLayer extends WrappedLayer {
  /** Normalised axis as given (negative counts from the end). */
  readonly axis: number;
  /** Moving-average momentum. */
  readonly momentum: number;
  /** Variance epsilon. */
  readonly epsilon: number;
  private readonly _center: boolean;
  private readonly _scale: boolean;

  /** Prefer the {@link BatchNormalization} factory. */
  constructor(args: BatchNormalizationArgs = {}) {
    super(args, null);
    this.axis = args.axis ?? -1;
    this.momentum = args.momentum ?? 0.99;
    this.epsilon = args.epsilon ?? 1e-3;
    this._center = args.center ?? true;
    this._scale = args.scale ?? true;
    if (!Number.isInteger(this.axis)) {
      throw new KerasError(
        `Layer "${this.name}" (BatchNormalization): axis must be an integer; got ${args.axis}.`,
      );
    }
    this._inner = tf.layers.batchNormalization({
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this._center,
      scale: this._scale,
    });
  }

  /** Keras class name, `"BatchNormalization"` (shown by `summary()` and saved in configs). */
  override get className(): string {
    return "BatchNormalization";
  }

  /** Requires `axis` to be a known feature axis of the input (not the batch axis). */
  protected override checkInputShape(shape: ShapeOrList): void {
    const s = single(shape, this.name, this.className);
    const axis = this.axis < 0 ? s.length + this.axis : this.axis;
    if (axis <= 0 || axis >= s.length || s[axis] === null) {
      throw new KerasError(
        `Layer "${this.name}" (BatchNormalization): axis ${this.axis} is not a known feature ` +
          `axis of input shape ${
            formatShape(s)
          }. For images (batch, height, width, channels) use axis 3 or -1.`,
      );
    }
  }

  /** Adds `axis`, `momentum`, `epsilon`, `center` and `scale` to the base config. */
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this._center,
      scale: this._scale,
    };
  }
}

/**
 * Batch normalisation, like `keras.layers.BatchNormalization`: in training
 * it normalises with batch statistics and updates the moving mean/variance;
 * in inference it uses the moving statistics.
 *
 * @example
 * ```ts
 * BatchNormalization({ axis: 3 });
 * ```
 */
export function BatchNormalization(
  args: BatchNormalizationArgs = {},
): BatchNormalizationLayer {
  return new BatchNormalizationLayer(args);
}
