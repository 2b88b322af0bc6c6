/**
 * The tutorial's MiniResNet with the subclassing API: a residual block as a
 * custom `Layer` and the network as a custom `Model`.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { Layer } from "../../keras/layer.ts";
import { Conv2D, type Conv2DLayer } from "../../keras/layers/conv.ts";
import {
  Activation,
  type ActivationLayer,
  Flatten,
  type FlattenLayer,
} from "../../keras/layers/core.ts";
import { Dense, type DenseLayer } from "../../keras/layers/dense.ts";
import { Add, type AddLayer } from "../../keras/layers/merge.ts";
import { Model } from "../../keras/model.ts";
import { registerSerializable } from "../../keras/serialization.ts";

/**
 * Two 3×3 convolutions plus a shortcut: `relu(conv2(conv1(x)) + x)`.
 * Named `ResidualBlock` as in the tutorial.
 */
export class ResidualBlock extends Layer {
  /** First convolution (ReLU). */
  readonly conv1: Conv2DLayer;
  /** Second convolution (linear). */
  readonly conv2: Conv2DLayer;
  /** Adds the shortcut. */
  readonly add: AddLayer;
  /** Final ReLU. */
  readonly lastRelu: ActivationLayer;

  /** Creates the block with `nFilters` channels (must equal the input's). */
  constructor(readonly nFilters: number) {
    super({ name: "ResidualBlock" });
    this.conv1 = Conv2D(nFilters, {
      kernelSize: [3, 3],
      activation: "relu",
      padding: "same",
    });
    this.conv2 = Conv2D(nFilters, { kernelSize: [3, 3], padding: "same" });
    this.add = Add();
    this.lastRelu = Activation("relu");
  }

  /** `relu(conv2(conv1(x)) + x)`. */
  override call(inputs: tf.Tensor): tf.Tensor {
    let x = this.conv1.apply(inputs);
    x = this.conv2.apply(x);
    const y = this.add.apply([x, inputs]);
    return this.lastRelu.apply(y);
  }

  /** `nFilters`: what {@link ResidualBlock.fromConfig} needs. */
  override getConfig(): Record<string, unknown> {
    return { nFilters: this.nFilters };
  }

  /** Rebuilds the block from `getConfig()`. */
  static fromConfig(config: { nFilters: number }): ResidualBlock {
    return new ResidualBlock(config.nFilters);
  }
}

/**
 * Conv2D(5×5) → ResidualBlock → Flatten → Dense(10, softmax); 270,218
 * parameters with 32 filters on 28×28×1 inputs. Unbuilt until first used.
 *
 * @example
 * ```ts
 * const model = new MiniResNet(32);
 * model.summary();                 // unbuilt rows
 * model.build([null, 28, 28, 1]);
 * ```
 */
export class MiniResNet extends Model {
  /** Stem convolution. */
  readonly conv: Conv2DLayer;
  /** The residual block. */
  readonly block: ResidualBlock;
  /** Flattens the feature maps. */
  readonly flatten: FlattenLayer;
  /** Softmax classifier. */
  readonly classifier: DenseLayer;

  /** Creates the model with `nFilters` channels. */
  constructor(readonly nFilters: number) {
    super();
    this.conv = Conv2D(nFilters, { kernelSize: [5, 5], padding: "same" });
    this.block = new ResidualBlock(nFilters);
    this.flatten = Flatten();
    this.classifier = Dense(10, { activation: "softmax" });
  }

  /** Convolution → residual block → flatten → softmax classifier. */
  override call(inputs: tf.Tensor): tf.Tensor {
    let x = this.conv.apply(inputs);
    x = this.block.apply(x);
    x = this.flatten.apply(x);
    return this.classifier.apply(x);
  }

  /** `nFilters`: what {@link MiniResNet.fromConfig} needs to rebuild the model. */
  override getConfig(): Record<string, unknown> {
    return { nFilters: this.nFilters };
  }

  /** Rebuilds the model from `getConfig()` (used by `loadModel`). */
  static fromConfig(config: { nFilters: number }): MiniResNet {
    return new MiniResNet(config.nFilters);
  }
}

registerSerializable(ResidualBlock);
registerSerializable(MiniResNet);
