/**
 * The tutorial's reference models: LeNet-5 (Sequential), mini-Inception
 * (Functional), MiniResNet (subclassing), the Conv–BN–ReLU block and the
 * separable-convolution demo.
 *
 * @module
 */
export { lenet5 } from "./lenet5.ts";
export { inceptionLayer, miniInception } from "./mini_inception.ts";
export { MiniResNet, ResidualBlock } from "./mini_resnet.ts";
export { ConvBlock } from "./conv_block.ts";
export { convModel, separableModel } from "./separable_demo.ts";
