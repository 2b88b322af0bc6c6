/**
 * The two models of the tutorial's separable-convolution section.
 *
 * @module
 */
import { Conv2D, DepthwiseConv2D } from "../../keras/layers/conv.ts";
import { Sequential } from "../../keras/sequential.ts";

/**
 * `Conv Model`: one 3×3 convolution with 8 filters and no bias; 72
 * parameters on a single-channel input (output (None, 26, 26, 8)).
 * Returned unbuilt, as in the tutorial (which then calls `build`).
 */
export function convModel(): Sequential {
  const model = new Sequential({ name: "Conv Model" });
  model.add(Conv2D(8, { kernelSize: [3, 3], useBias: false }));
  return model;
}

/**
 * `Separable Model`: a 3×3 depthwise convolution (9 parameters) then a 1×1
 * pointwise convolution with 8 filters (8 parameters): 17 in total.
 */
export function separableModel(): Sequential {
  const model = new Sequential({ name: "Separable Model" });
  model.add(DepthwiseConv2D({ kernelSize: [3, 3], useBias: false }));
  model.add(Conv2D(8, { kernelSize: [1, 1], useBias: false }));
  return model;
}
