/**
 * Convolution layers: Conv2D, DepthwiseConv2D and SeparableConv2D, with
 * Keras defaults (glorot_uniform kernels, zero biases, "valid" padding).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Shape } from "../../core/types.ts";
import { KerasError } from "../errors.ts";
import type { LayerArgs, ShapeOrList } from "../layer.ts";
import {
  channelsLast,
  type Padding,
  padding,
  pair,
  positiveInt,
  requireImageBatch,
  requireSameLastDim,
  windowConfig,
} from "./args.ts";
import {
  type Initializer,
  type InitializerDefaults,
  initializerName,
  initializerNames,
  type InitializerSpec,
  resolveInitializers,
} from "./initializers.ts";
import { WrappedLayer } from "./wrapped.ts";
import {
  conv2dSkippingInputGradient,
  needsNoGradient,
} from "../../core/input_gradient.ts";

/** Arguments shared by the 2-D convolutions. */
export interface BaseConvArgs extends LayerArgs {
  /** Window size, e.g. `[5, 5]` or `3`. */
  kernelSize: number | [number, number];
  /** Step of the window; default 1. */
  strides?: number | [number, number];
  /** `"valid"` (default) or `"same"`. */
  padding?: Padding;
  /** Only `"channels_last"`. */
  dataFormat?: "channels_last";
  /** Dilation of the window; default 1. */
  dilationRate?: number | [number, number];
  /** Keras activation name, e.g. `"relu"`; default linear. */
  activation?: string | null;
  /** Whether to add a bias; default `true`. */
  useBias?: boolean;
  /** Bias initialiser; default `"zeros"`. */
  biasInitializer?: InitializerSpec;
}

/** Arguments of {@link Conv2D}. */
export interface Conv2DArgs extends BaseConvArgs {
  /** Kernel initialiser; default `"glorot_uniform"`. */
  kernelInitializer?: InitializerSpec;
}

/** The arguments of a convolution whose kernel initialiser arguments are `K`. */
type ConvArgsOf<K extends string> =
  & BaseConvArgs
  & Partial<Record<K | "biasInitializer", InitializerSpec>>;

/** The bias initialiser of every convolution, drawn after the kernels'. */
const BIAS_INITIALIZER: InitializerDefaults<"biasInitializer"> = {
  biasInitializer: "zeros",
};

/**
 * Shared base of {@link Conv2DLayer}, {@link DepthwiseConv2DLayer} and
 * {@link SeparableConv2DLayer}. `K` names the subclass's kernel initialiser
 * arguments (`kernelInitializer`, or `depthwiseInitializer` and
 * `pointwiseInitializer`).
 */
export abstract class ConvBase<K extends string = string> extends WrappedLayer {
  /** The constructor arguments, kept for `getConfig()`. */
  protected readonly _args: ConvArgsOf<K>;
  /** Kernel height and width. */
  protected readonly _kernel: [number, number];
  /** Strides along height and width. */
  protected readonly _strides: [number, number];
  /** Dilation rates along height and width. */
  protected readonly _dilation: [number, number];
  /** `"valid"` or `"same"`. */
  protected readonly _padding: Padding;
  /** The subclass's kernel initialiser arguments with their Keras defaults. */
  readonly #kernels: InitializerDefaults<K>;

  /** Validates the arguments every 2-D convolution shares (clear errors for bad sizes). */
  constructor(
    args: ConvArgsOf<K>,
    kernels: InitializerDefaults<K>,
  ) {
    super(args, args.activation);
    this._args = args;
    this.#kernels = kernels;
    this._kernel = pair(args.kernelSize, "kernelSize", this.name);
    this._strides = pair(args.strides ?? 1, "strides", this.name);
    this._dilation = pair(args.dilationRate ?? 1, "dilationRate", this.name);
    this._padding = padding(args.padding, this.name);
    channelsLast(args.dataFormat, this.name);
  }

  /**
   * Requires a `(batch, height, width, channels)` input with the channels seen
   * when built and, with `"valid"` padding, a spatial size at least the kernel's.
   */
  protected override checkInputShape(shape: ShapeOrList): void {
    const s = requireImageBatch(shape, this.name, this.className);
    requireSameLastDim(
      s,
      this._buildShape as Shape | undefined,
      this.name,
      this.className,
    );
    const [h, w] = [s[1], s[2]];
    if (this._padding === "valid") {
      for (const [i, dim] of [h, w].entries()) {
        const need = (this._kernel[i] - 1) * this._dilation[i] + 1;
        if (dim !== null && dim < need) {
          throw new KerasError(
            `Layer "${this.name}" (${this.className}): input of spatial size ${h}x${w} is ` +
              `smaller than the ${this._kernel[0]}x${
                this._kernel[1]
              } kernel with padding ` +
              `"valid". Use padding: "same" or a smaller kernel.`,
          );
        }
      }
    }
  }

  /**
   * The arguments the tfjs convolutions share: window, padding, bias, and
   * every initialiser resolved, the kernels' before the bias's (the order
   * the seeds are drawn in).
   */
  protected innerArgs(): {
    kernelSize: [number, number];
    strides: [number, number];
    padding: Padding;
    dilationRate: [number, number];
    useBias: boolean;
  } & Record<K | "biasInitializer", Initializer> {
    return {
      kernelSize: this._kernel,
      strides: this._strides,
      padding: this._padding,
      dilationRate: this._dilation,
      useBias: this._args.useBias ?? true,
      ...resolveInitializers<K | "biasInitializer">(
        this._args,
        { ...this.#kernels, ...BIAS_INITIALIZER },
        this.name,
      ),
    };
  }

  /** The subclass's own config entries (`filters`, `depthMultiplier`). */
  protected abstract ownConfig(): Record<string, unknown>;

  /** The shared entries, then the subclass's own, then its kernel initialisers (Keras's order). */
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      ...windowConfig("kernelSize", this._kernel, this._strides, this._padding),
      dilationRate: this._dilation,
      activation: this._activationName,
      useBias: this._args.useBias ?? true,
      biasInitializer: initializerName(this._args.biasInitializer, "zeros"),
      ...this.ownConfig(),
      ...initializerNames(this._args, this.#kernels),
    };
  }
}

/** Checks `depthMultiplier` (default 1) of a depthwise or separable convolution. */
function depthMultiplierOf(
  args: DepthwiseConv2DArgs,
  layerName: string,
): number {
  return positiveInt(args.depthMultiplier ?? 1, "depthMultiplier", layerName);
}

/** The class behind {@link Conv2D}. */
export class Conv2DLayer extends ConvBase<"kernelInitializer"> {
  /** Number of output channels. */
  readonly filters: number;

  /** Prefer the {@link Conv2D} factory. */
  constructor(filters: number, args: Conv2DArgs) {
    super(args, { kernelInitializer: "glorot_uniform" });
    this.filters = positiveInt(filters, "filters", this.name);
    this._inner = tf.layers.conv2d({ filters, ...this.innerArgs() });
  }

  /** Keras class name, `"Conv2D"` (shown by `summary()` and saved in configs). */
  override get className(): string {
    return "Conv2D";
  }

  /**
   * The tfjs layer's computation, except on the training step's own batch:
   * there the input gradient is skipped (see `input_gradient.ts`).
   */
  override call(
    inputs: tf.Tensor | tf.Tensor[],
    training?: boolean,
  ): tf.Tensor {
    if (
      training !== true || Array.isArray(inputs) ||
      inputs.dtype !== "float32" || !needsNoGradient(inputs) ||
      this._dilation[0] !== 1 || this._dilation[1] !== 1
    ) {
      return super.call(inputs, training);
    }
    const inner = this._inner as unknown as {
      kernel: { read(): tf.Tensor };
      bias: { read(): tf.Tensor } | null;
    };
    return tf.tidy(() =>
      this._activation(
        conv2dSkippingInputGradient(
          inputs as tf.Tensor4D,
          inner.kernel.read() as tf.Tensor4D,
          (inner.bias?.read() ?? null) as tf.Tensor1D | null,
          { strides: this._strides, padding: this._padding },
        ),
      )
    );
  }

  /** `filters`. */
  protected ownConfig(): Record<string, unknown> {
    return { filters: this.filters };
  }
}

/**
 * 2-D convolution, like `keras.layers.Conv2D`.
 *
 * @example
 * ```ts
 * Conv2D(6, { kernelSize: [5, 5], activation: "tanh", padding: "same", name: "C1" });
 * ```
 */
export function Conv2D(filters: number, args: Conv2DArgs): Conv2DLayer {
  return new Conv2DLayer(filters, args);
}

/** Arguments of {@link DepthwiseConv2D}. */
export interface DepthwiseConv2DArgs extends BaseConvArgs {
  /** Output channels per input channel; default 1. */
  depthMultiplier?: number;
  /** Depthwise kernel initialiser; default `"glorot_uniform"`. */
  depthwiseInitializer?: InitializerSpec;
}

/** The class behind {@link DepthwiseConv2D}. */
export class DepthwiseConv2DLayer extends ConvBase<"depthwiseInitializer"> {
  /** Output channels per input channel. */
  readonly depthMultiplier: number;

  /** Prefer the {@link DepthwiseConv2D} factory. */
  constructor(args: DepthwiseConv2DArgs) {
    super(args, { depthwiseInitializer: "glorot_uniform" });
    this.depthMultiplier = depthMultiplierOf(args, this.name);
    this._inner = tf.layers.depthwiseConv2d({
      depthMultiplier: this.depthMultiplier,
      ...this.innerArgs(),
    });
  }

  /** Keras class name, `"DepthwiseConv2D"` (shown by `summary()` and saved in configs). */
  override get className(): string {
    return "DepthwiseConv2D";
  }

  /** `depthMultiplier`. */
  protected ownConfig(): Record<string, unknown> {
    return { depthMultiplier: this.depthMultiplier };
  }
}

/**
 * Depthwise 2-D convolution (one filter per input channel), like
 * `keras.layers.DepthwiseConv2D`.
 *
 * @example
 * ```ts
 * DepthwiseConv2D({ kernelSize: [3, 3], useBias: false }); // 9 params on 1 channel
 * ```
 */
export function DepthwiseConv2D(
  args: DepthwiseConv2DArgs,
): DepthwiseConv2DLayer {
  return new DepthwiseConv2DLayer(args);
}

/** Arguments of {@link SeparableConv2D}. */
export interface SeparableConv2DArgs extends DepthwiseConv2DArgs {
  /** Pointwise kernel initialiser; default `"glorot_uniform"`. */
  pointwiseInitializer?: InitializerSpec;
}

/** The class behind {@link SeparableConv2D}. */
export class SeparableConv2DLayer
  extends ConvBase<"depthwiseInitializer" | "pointwiseInitializer"> {
  /** Number of output channels. */
  readonly filters: number;
  /** Depthwise channels per input channel. */
  readonly depthMultiplier: number;

  /** Prefer the {@link SeparableConv2D} factory. */
  constructor(filters: number, args: SeparableConv2DArgs) {
    super(args, {
      depthwiseInitializer: "glorot_uniform",
      pointwiseInitializer: "glorot_uniform",
    });
    this.filters = positiveInt(filters, "filters", this.name);
    this.depthMultiplier = depthMultiplierOf(args, this.name);
    this._inner = tf.layers.separableConv2d({
      filters,
      depthMultiplier: this.depthMultiplier,
      ...this.innerArgs(),
    });
  }

  /** Keras class name, `"SeparableConv2D"` (shown by `summary()` and saved in configs). */
  override get className(): string {
    return "SeparableConv2D";
  }

  /** `filters` and `depthMultiplier`. */
  protected ownConfig(): Record<string, unknown> {
    return { filters: this.filters, depthMultiplier: this.depthMultiplier };
  }
}

/**
 * Depthwise then pointwise (1×1) convolution in one layer, like
 * `keras.layers.SeparableConv2D`.
 */
export function SeparableConv2D(
  filters: number,
  args: SeparableConv2DArgs,
): SeparableConv2DLayer {
  return new SeparableConv2DLayer(filters, args);
}
