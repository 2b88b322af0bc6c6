/**
 * LeNet-5 variants for the BatchNorm and ReLU exercise tests: the
 * tutorial's model with configurable activations and normalisation.
 *
 * @module
 */
import {
  Activation,
  AvgPool2D,
  BatchNormalization,
  Conv2D,
  Dense,
  Flatten,
  type Layer,
  MaxPool2D,
  Sequential,
} from "../../lib/keras/mod.ts";
import { optimizers } from "../../lib/training/mod.ts";

/** How each of C1, C3, C5 is followed. */
export type ConvStyle =
  | "plain" // Conv2D(activation) as the tutorial
  | "bn" // Conv2D(no bias, linear) → BN → Activation (the solution)
  | "bn-bias" // like "bn" but the conv keeps its bias
  | "bn-after"; // Conv2D(activation) → BN

/** Options of {@link lenet}. */
export interface LenetOptions {
  /** Hidden activation. */
  activation?: string;
  /** Output activation. */
  output?: string;
  /** Per-conv style (C1, C3, C5). */
  styles?: [ConvStyle, ConvStyle, ConvStyle];
}

/** The tutorial's LeNet-5 with the requested variations, compiled with SGD 0.1. */
export function lenet(opts: LenetOptions = {}): Sequential {
  const act = opts.activation ?? "tanh";
  const styles = opts.styles ?? ["plain", "plain", "plain"];
  const m = new Sequential({ name: "LeNet-5" });
  const conv = (
    i: number,
    filters: number,
    padding: "same" | "valid",
  ): Layer[] => {
    const style = styles[i];
    if (style === "plain") {
      return [
        Conv2D(filters, { kernelSize: [5, 5], activation: act, padding }),
      ];
    }
    if (style === "bn-after") {
      return [
        Conv2D(filters, { kernelSize: [5, 5], activation: act, padding }),
        BatchNormalization({ axis: 3 }),
      ];
    }
    return [
      Conv2D(filters, {
        kernelSize: [5, 5],
        padding,
        useBias: style === "bn-bias",
      }),
      BatchNormalization({ axis: 3 }),
      Activation(act),
    ];
  };
  for (const l of conv(0, 6, "same")) m.add(l);
  m.add(MaxPool2D({ poolSize: [2, 2] }));
  for (const l of conv(1, 16, "valid")) m.add(l);
  m.add(AvgPool2D({ poolSize: [2, 2] }));
  for (const l of conv(2, 120, "valid")) m.add(l);
  m.add(Flatten());
  m.add(Dense(84, { activation: act }));
  m.add(Dense(10, { activation: opts.output ?? "softmax" }));
  m.compile({
    optimizer: optimizers.SGD({ learningRate: 0.1 }),
    loss: "sparse_categorical_crossentropy",
    metrics: ["accuracy"],
  });
  return m;
}
