/**
 * `Separable-BN`: a small model that covers the layers the three tutorial
 * models do not, so the benchmark, the GPU check and the backend parity
 * tests exercise every kernel the course uses. Not one of the tutorial's
 * models, so `mod.ts` does not export it.
 *
 * @module
 */
import { DepthwiseConv2D, SeparableConv2D } from "../../keras/layers/conv.ts";
import { Dense } from "../../keras/layers/dense.ts";
import {
  AvgPool2D,
  GlobalAveragePooling2D,
  MaxPool2D,
} from "../../keras/layers/pooling.ts";
import { Sequential } from "../../keras/sequential.ts";
import { ConvBlock } from "./conv_block.ts";

/**
 * The course's `ConvBlock` (Conv–BatchNorm–ReLU), a depthwise convolution
 * (multiplier 2, stride 2), a separable convolution, pooling with ties and a
 * global average pool, built with the course's layers; returned unbuilt.
 */
export function separableBN(): Sequential {
  const m = new Sequential({ name: "Separable-BN" });
  m.add(new ConvBlock(4, 3));
  m.add(
    DepthwiseConv2D({
      kernelSize: 3,
      depthMultiplier: 2,
      strides: 2,
      padding: "same",
      useBias: false,
    }),
  );
  m.add(new ConvBlock(8, 1));
  m.add(MaxPool2D({ poolSize: 2 }));
  m.add(
    SeparableConv2D(16, { kernelSize: 3, padding: "same", activation: "relu" }),
  );
  m.add(AvgPool2D({ poolSize: 2, strides: 1 }));
  m.add(GlobalAveragePooling2D());
  m.add(Dense(10, { activation: "softmax" }));
  return m;
}
