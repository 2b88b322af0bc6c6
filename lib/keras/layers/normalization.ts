/**
 * BatchNormalization with Keras defaults (momentum 0.99, epsilon 1e-3).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { formatShape } from "../../core/format.ts";
import { BATCH_NORM_TRAIN } from "../../core/kernel_names.ts";
import { KerasError } from "../errors.ts";
import type { LayerArgs, ShapeOrList } from "../layer.ts";
import { single } from "./args.ts";
import { toFloat, WrappedLayer } from "./wrapped.ts";

/** The tfjs-layers internals the fused training path reads and updates. */
interface TfjsBatchNorm {
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

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

  /**
   * In training, over the last axis with `gamma` and `beta`, on a backend
   * with the fused kernel (wasm): the batch statistics, the normalised
   * output and its gradient in two kernels, and the moving averages updated
   * exactly as tfjs-layers updates them. Otherwise tfjs-layers' own path.
   */
  override call(
    inputs: tf.Tensor | tf.Tensor[],
    training?: boolean,
  ): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const lastAxis = this.axis === -1 || this.axis === x.rank - 1;
    const inner = this._inner as unknown as TfjsBatchNorm;
    // Channels that do not match the built gamma go to tfjs-layers too: its
    // input check names the axis and the expected size (the kernel would
    // read past gamma or broadcast one channel's statistics over all).
    const channels = inner.gamma?.shape[0];
    if (
      !training || !lastAxis || !this._center || !this._scale ||
      channels !== x.shape[x.rank - 1] ||
      tf.getKernel(BATCH_NORM_TRAIN, tf.getBackend()) === undefined
    ) {
      return super.call(inputs, training);
    }
    return tf.tidy(() => {
      const [y, mean, variance] = tf.engine().runKernel(
        BATCH_NORM_TRAIN,
        { x: toFloat(x), gamma: inner.gamma.read(), beta: inner.beta.read() },
        { varianceEpsilon: this.epsilon },
      ) as tf.Tensor[];
      // tfjs-layers' update (Keras's moving = moving·momentum + value·(1 − momentum)).
      for (
        const [v, value] of [
          [inner.movingMean, mean],
          [inner.movingVariance, variance],
        ] as const
      ) {
        tf.tidy(() => {
          const orig = v.read();
          v.write(tf.sub(orig, tf.mul(tf.sub(orig, value), 1 - this.momentum)));
        });
      }
      return this._activation(y);
    });
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
