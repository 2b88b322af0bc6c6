/**
 * Pooling layers: MaxPooling2D / MaxPool2D, AveragePooling2D / AvgPool2D and
 * GlobalAveragePooling2D. Like Keras they are built at construction (they
 * have no weights), so an unbuilt summary shows `0`, not `0 (unbuilt)`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Shape } from "../../core/types.ts";
import { formatShape } from "../../core/format.ts";
import { KerasError } from "../errors.ts";
import type { LayerArgs, ShapeOrList } from "../layer.ts";
import {
  channelsLast,
  type Padding,
  padding,
  pair,
  requireImageBatch,
  windowConfig,
} from "./args.ts";
import { StatelessLayer } from "./stateless.ts";
import { toFloat } from "./wrapped.ts";

/** Arguments of the 2-D pooling layers. */
export interface Pooling2DArgs extends LayerArgs {
  /** Window size; default `[2, 2]`. */
  poolSize?: number | [number, number];
  /** Step of the window; default equal to `poolSize`. */
  strides?: number | [number, number] | null;
  /** `"valid"` (default) or `"same"`. */
  padding?: Padding;
  /** Only `"channels_last"`. */
  dataFormat?: "channels_last";
}

function pooledSize(
  n: number | null,
  pool: number,
  stride: number,
  pad: Padding,
): number | null {
  if (n === null) return null;
  return pad === "same"
    ? Math.ceil(n / stride)
    : Math.floor((n - pool) / stride) + 1;
}

/** A tfjs 2-D pooling op: window, strides and padding over NHWC images. */
type PoolOp = typeof tf.maxPool;

/** Shared base of {@link MaxPooling2DLayer} and {@link AveragePooling2DLayer}. */
export abstract class Pooling2D extends StatelessLayer {
  /** Window height and width. */
  readonly poolSize: [number, number];
  /** Strides along height and width (default: the pool size). */
  readonly strides: [number, number];
  /** `"valid"` or `"same"`. */
  readonly padding: Padding;

  /** Validates the arguments (default pool 2×2, strides equal to the pool size). */
  constructor(args: Pooling2DArgs) {
    super(args);
    this.poolSize = pair(args.poolSize ?? 2, "poolSize", this.name);
    this.strides = pair(args.strides ?? this.poolSize, "strides", this.name);
    this.padding = padding(args.padding, this.name);
    channelsLast(args.dataFormat, this.name);
  }

  /** Built at construction, as Keras does for layers without weights. */
  protected override get buildsAtInit(): boolean {
    return true;
  }

  /** Requires a `(batch, height, width, channels)` input and, with `"valid"` padding, a spatial size at least the pool's. */
  protected override checkInputShape(shape: ShapeOrList): void {
    const s = requireImageBatch(shape, this.name, this.className);
    if (this.padding === "valid") {
      for (const i of [1, 2]) {
        const n = s[i];
        if (n !== null && n < this.poolSize[i - 1]) {
          throw new KerasError(
            `Layer "${this.name}" (${this.className}): pool size ${
              this.poolSize[0]
            }x${this.poolSize[1]} is larger than the input ${
              formatShape(s)
            } with padding "valid". ` +
              `Use a smaller poolSize or padding: "same".`,
          );
        }
      }
    }
  }

  /** Pooled height and width (Keras's rounding for `"valid"` and `"same"`); batch and channels unchanged. */
  override computeOutputShape(inputShape: ShapeOrList): Shape {
    const s = inputShape as Shape;
    return [
      s[0],
      pooledSize(s[1], this.poolSize[0], this.strides[0], this.padding),
      pooledSize(s[2], this.poolSize[1], this.strides[1], this.padding),
      s[3],
    ];
  }

  /** The subclass's window reduction (`tf.maxPool`, `tf.avgPool`). */
  protected abstract readonly pool: PoolOp;

  /** Reduces each window with {@link Pooling2D.pool}. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() =>
      this.pool(
        toFloat(inputs as tf.Tensor) as tf.Tensor4D,
        this.poolSize,
        this.strides,
        this.padding,
      )
    );
  }

  /** Adds `poolSize`, `strides` and `padding` to the base config. */
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      ...windowConfig("poolSize", this.poolSize, this.strides, this.padding),
    };
  }
}

/** The class behind {@link MaxPooling2D}. */
export class MaxPooling2DLayer extends Pooling2D {
  /** Keras class name, `"MaxPooling2D"` (shown by `summary()` and saved in configs). */
  override get className(): string {
    return "MaxPooling2D";
  }

  /** Takes the maximum of each window. */
  protected readonly pool: PoolOp = tf.maxPool;
}

/** The class behind {@link AveragePooling2D}. */
export class AveragePooling2DLayer extends Pooling2D {
  /** Keras class name, `"AveragePooling2D"` (shown by `summary()` and saved in configs). */
  override get className(): string {
    return "AveragePooling2D";
  }

  /** Takes the mean of each window. */
  protected readonly pool: PoolOp = tf.avgPool;
}

/**
 * Max pooling over 2-D windows, like `keras.layers.MaxPooling2D`.
 *
 * @example
 * ```ts
 * MaxPooling2D({ poolSize: [2, 2], name: "S2" });
 * ```
 */
export function MaxPooling2D(args: Pooling2DArgs = {}): MaxPooling2DLayer {
  return new MaxPooling2DLayer(args);
}

/** Alias of {@link MaxPooling2D}, as `keras.layers.MaxPool2D`. */
export const MaxPool2D: typeof MaxPooling2D = MaxPooling2D;

/** Average pooling over 2-D windows, like `keras.layers.AveragePooling2D`. */
export function AveragePooling2D(
  args: Pooling2DArgs = {},
): AveragePooling2DLayer {
  return new AveragePooling2DLayer(args);
}

/** Alias of {@link AveragePooling2D}, as `keras.layers.AvgPool2D`. */
export const AvgPool2D: typeof AveragePooling2D = AveragePooling2D;

/** Arguments of {@link GlobalAveragePooling2D}. */
export interface GlobalPoolingArgs extends LayerArgs {
  /** Keep the spatial axes with size 1; default `false`. */
  keepdims?: boolean;
  /** Only `"channels_last"`. */
  dataFormat?: "channels_last";
}

/** The class behind {@link GlobalAveragePooling2D}. */
export class GlobalAveragePooling2DLayer extends StatelessLayer {
  /** Whether the spatial axes are kept with size 1. */
  readonly keepdims: boolean;

  /** Prefer the {@link GlobalAveragePooling2D} factory. */
  constructor(args: GlobalPoolingArgs = {}) {
    super(args);
    this.keepdims = args.keepdims ?? false;
    channelsLast(args.dataFormat, this.name);
  }

  /** Keras class name, `"GlobalAveragePooling2D"` (shown by `summary()` and saved in configs). */
  override get className(): string {
    return "GlobalAveragePooling2D";
  }

  /** Built at construction, as Keras does for layers without weights. */
  protected override get buildsAtInit(): boolean {
    return true;
  }

  /** Requires a `(batch, height, width, channels)` input. */
  protected override checkInputShape(shape: ShapeOrList): void {
    requireImageBatch(shape, this.name, this.className);
  }

  /** `(batch, channels)`, or `(batch, 1, 1, channels)` with `keepdims`. */
  override computeOutputShape(inputShape: ShapeOrList): Shape {
    const s = inputShape as Shape;
    return this.keepdims ? [s[0], 1, 1, s[3]] : [s[0], s[3]];
  }

  /** Averages each channel over height and width. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() =>
      tf.mean(toFloat(inputs as tf.Tensor), [1, 2], this.keepdims)
    );
  }

  /** Adds `keepdims` to the base config. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), keepdims: this.keepdims };
  }
}

/** Mean over height and width per channel, like `keras.layers.GlobalAveragePooling2D`. */
export function GlobalAveragePooling2D(
  args: GlobalPoolingArgs = {},
): GlobalAveragePooling2DLayer {
  return new GlobalAveragePooling2DLayer(args);
}
