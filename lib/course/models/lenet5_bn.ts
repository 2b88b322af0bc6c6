/**
 * LeNet-5 with BatchNormalization, as chapter 05 (`05_batchnorm`) builds it
 * to compare with the plain LeNet-5: each convolution loses its bias and is
 * followed by BatchNormalization over the channels and then the `tanh`.
 * Not one of the tutorial's models, so `mod.ts` does not export it; the
 * benchmark and the parity tests use it to measure what that chapter trains.
 *
 * @module
 */
import { Conv2D } from "../../keras/layers/conv.ts";
import { Activation, Flatten } from "../../keras/layers/core.ts";
import { Dense } from "../../keras/layers/dense.ts";
import { BatchNormalization } from "../../keras/layers/normalization.ts";
import { AvgPool2D, MaxPool2D } from "../../keras/layers/pooling.ts";
import { Sequential } from "../../keras/sequential.ts";

/**
 * Chapter 05's `makeLenet(true)`: `LeNet-5-BN`, returned unbuilt; built for
 * 28×28×1 inputs it has 62,132 parameters (61,848 trainable).
 */
export function lenet5BN(): Sequential {
  const model = new Sequential({ name: "LeNet-5-BN" });
  const convBnTanh = (
    filters: number,
    name: string,
    padding: "same" | "valid",
  ) => {
    model.add(
      Conv2D(filters, { kernelSize: [5, 5], padding, useBias: false, name }),
    );
    model.add(BatchNormalization({ axis: 3 }));
    model.add(Activation("tanh"));
  };
  convBnTanh(6, "C1", "same");
  model.add(MaxPool2D({ poolSize: [2, 2], name: "S2" }));
  convBnTanh(16, "C3", "valid");
  model.add(AvgPool2D({ poolSize: [2, 2], name: "S4" }));
  convBnTanh(120, "C5", "valid");
  model.add(Flatten());
  model.add(Dense(84, { activation: "tanh", name: "F6" }));
  model.add(Dense(10, { activation: "softmax" }));
  return model;
}
