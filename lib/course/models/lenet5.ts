/**
 * LeNet-5 (LeCun et al., 1998) as the tutorial defines it with the
 * Sequential API.
 *
 * @module
 */
import { Conv2D } from "../../keras/layers/conv.ts";
import { Flatten } from "../../keras/layers/core.ts";
import { Dense } from "../../keras/layers/dense.ts";
import { AvgPool2D, MaxPool2D } from "../../keras/layers/pooling.ts";
import { Sequential } from "../../keras/sequential.ts";

/**
 * The tutorial's LeNet-5, returned unbuilt (its summary shows `?` and
 * `0 (unbuilt)`); built for 28×28×1 inputs it has 61,706 parameters.
 *
 * @example
 * ```ts
 * const lenet = lenet5();
 * lenet.build([null, 28, 28, 1]);
 * lenet.countParams(); // 61706
 * ```
 */
export function lenet5(): Sequential {
  const lenet = new Sequential({ name: "LeNet-5" });
  lenet.add(
    Conv2D(6, {
      kernelSize: [5, 5],
      activation: "tanh",
      padding: "same",
      name: "C1",
    }),
  );
  lenet.add(MaxPool2D({ poolSize: [2, 2], name: "S2" }));
  lenet.add(Conv2D(16, { kernelSize: [5, 5], activation: "tanh", name: "C3" }));
  lenet.add(AvgPool2D({ poolSize: [2, 2], name: "S4" }));
  lenet.add(
    Conv2D(120, { kernelSize: [5, 5], activation: "tanh", name: "C5" }),
  );
  lenet.add(Flatten());
  lenet.add(Dense(84, { activation: "tanh", name: "F6" }));
  lenet.add(Dense(10, { activation: "softmax" }));
  return lenet;
}
