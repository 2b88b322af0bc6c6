/**
 * The classic Conv → BatchNorm → ReLU block from the tutorial's Batch
 * Normalization section, in a working form (the tutorial's version forgets
 * `self` in `__init__`).
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { Layer } from "../../keras/layer.ts";
import { Conv2D, type Conv2DLayer } from "../../keras/layers/conv.ts";
import { Activation, type ActivationLayer } from "../../keras/layers/core.ts";
import {
  BatchNormalization,
  type BatchNormalizationLayer,
} from "../../keras/layers/normalization.ts";
import { registerSerializable } from "../../keras/serialization.ts";

/**
 * `relu(bn(conv(x)))` with a bias-free convolution (BatchNormalization's
 * `beta` plays the bias's role) and BatchNormalization over the channels
 * (axis 3).
 *
 * @example
 * ```ts
 * const block = new ConvBlock(32, [3, 3]);
 * const y = block.apply(tf.zeros([2, 28, 28, 1])); // [2, 26, 26, 32]
 * ```
 */
export class ConvBlock extends Layer {
  /** Bias-free convolution. */
  readonly conv: Conv2DLayer;
  /** Batch normalisation over channels. */
  readonly bn: BatchNormalizationLayer;
  /** ReLU. */
  readonly activation: ActivationLayer;

  /** Creates the block. */
  constructor(
    readonly nFilters: number,
    readonly kernelSize: number | [number, number],
  ) {
    super();
    this.conv = Conv2D(nFilters, { kernelSize, useBias: false });
    this.bn = BatchNormalization({ axis: 3 });
    this.activation = Activation("relu");
  }

  /** Convolution → batch normalisation → ReLU. */
  override call(inputs: tf.Tensor): tf.Tensor {
    return this.activation.apply(this.bn.apply(this.conv.apply(inputs)));
  }

  /** `nFilters` and `kernelSize`: what {@link ConvBlock.fromConfig} needs. */
  override getConfig(): Record<string, unknown> {
    return { nFilters: this.nFilters, kernelSize: this.kernelSize };
  }

  /** Rebuilds the block from `getConfig()`. */
  static fromConfig(
    config: { nFilters: number; kernelSize: number | [number, number] },
  ): ConvBlock {
    return new ConvBlock(config.nFilters, config.kernelSize);
  }
}

registerSerializable(ConvBlock);
