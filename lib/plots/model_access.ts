/**
 * The thin glue between the figure helpers and models: finding a layer and
 * its kernel, and running a model up to a layer. Besides the course's
 * Sequential and Functional models it accepts anything Keras-shaped
 * (`model.layers`, `layer.name`, `layer.weights` or `layer.getWeights()`,
 * `layer.apply(x)`), e.g. tfjs's own layers models.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { type GraphNode, Model, Sequential } from "../keras/mod.ts";

/** What the helpers need from a layer. */
export interface LayerLike {
  /** The layer's name, e.g. `"C1"`. */
  readonly name: string;
  /** The layer's variables, kernel first (the course's layers). */
  readonly weights?: readonly unknown[];
  /** The layer's weights, kernel first (tfjs layers). */
  getWeights?(): tf.Tensor[];
  /** Eager forward pass (needed only by `featureMaps`). */
  apply?(x: tf.Tensor): unknown;
}

/** What the helpers need from a model. */
export interface ModelLike {
  /** Layers in order. */
  readonly layers: readonly LayerLike[];
}

function isLayer(v: unknown): v is LayerLike {
  if (typeof v !== "object" || v === null) return false;
  const l = v as LayerLike;
  return typeof l.getWeights === "function" || Array.isArray(l.weights);
}

/** The layer's weights, through whichever accessor it has. */
function layerWeights(layer: LayerLike): readonly tf.Tensor[] {
  if (typeof layer.getWeights === "function") return layer.getWeights();
  return (layer.weights ?? []).filter((w): w is tf.Tensor =>
    w instanceof tf.Tensor
  );
}

/** True for anything with a `layers` array. */
export function isModel(v: unknown): v is ModelLike {
  return typeof v === "object" && v !== null &&
    Array.isArray((v as ModelLike).layers);
}

function layerNames(model: ModelLike): string {
  return model.layers.map((l) => l.name).join(", ");
}

/** The layer called `name`, or an error listing the model's layers. */
export function findLayer(
  model: ModelLike,
  name: string,
  what: string,
): LayerLike {
  const layer = model.layers.find((l) => l.name === name);
  if (!layer) {
    throw new RangeError(
      `${what}: the model has no layer named "${name}"; its layers are: ${
        layerNames(model)
      }.`,
    );
  }
  return layer;
}

function rank4Kernel(layer: LayerLike): tf.Tensor | undefined {
  return layerWeights(layer).find((w) => w.rank === 4);
}

/**
 * A copy of the 4-D kernel `[kh, kw, in, out]` of `source` (a tensor, a
 * convolutional layer, or a model — its layer `layerName`, else its first
 * layer with a 4-D kernel) and the layer's name. The caller disposes it.
 */
export function resolveKernel(
  source: unknown,
  layerName: string | undefined,
  what: string,
): { kernel: tf.Tensor; name: string } {
  if (source instanceof tf.Tensor) {
    if (source.rank !== 4) {
      throw new TypeError(
        `${what}: a kernel tensor must be 4-D [height, width, inChannels, filters], got shape [${source.shape}].`,
      );
    }
    return { kernel: source.clone(), name: "kernel" };
  }
  let layer: LayerLike | undefined;
  // Layers have a (usually empty) `layers` list too: a model is what has some.
  if (isModel(source) && source.layers.length > 0) {
    const model = source;
    let found: LayerLike | undefined;
    // tidy frees the copies a getWeights() implementation may return.
    tf.tidy(() => {
      found = layerName !== undefined
        ? findLayer(model, layerName, what)
        : model.layers.find((l) => isLayer(l) && rank4Kernel(l) !== undefined);
    });
    layer = found;
    if (!layer) {
      throw new RangeError(
        `${what}: no layer with a 4-D convolution kernel among ${
          layerNames(source)
        }. ` +
          "Build the model first (call it on data or fit it) or name a Conv2D layer.",
      );
    }
  } else if (isLayer(source)) {
    layer = source;
  } else if (isModel(source)) {
    throw new RangeError(`${what}: the model has no layers yet.`);
  } else {
    throw new TypeError(
      `${what}: expected a model, a Conv2D layer or a 4-D kernel tensor, got ${
        source === null ? "null" : typeof source
      }.`,
    );
  }
  const chosen = layer;
  // getWeights() may hand out the live variables or fresh copies: clone what
  // we keep and let tidy free any copies.
  const kernel = tf.tidy(() => {
    const k = rank4Kernel(chosen);
    return k ? k.clone() : undefined;
  });
  if (!kernel) {
    throw new RangeError(
      `${what}: layer "${chosen.name}" has no 4-D convolution kernel (is it a Conv2D, and is the model built?).`,
    );
  }
  return { kernel, name: chosen.name };
}

/**
 * The output of layer `layerName` for the batch `x`. Functional models are
 * cut at the layer's output tensor, as Keras's
 * `Model(inputs=m.inputs, outputs=m.get_layer(name).output)`; Sequential
 * models (built or not) and other Keras-shaped models have their layers
 * applied in order up to that one; a subclassed model is refused (its
 * `call()` cannot be cut). The caller disposes the result.
 */
export function layerOutput(
  model: ModelLike,
  layerName: string,
  x: tf.Tensor,
  what: string,
): tf.Tensor {
  const layer = findLayer(model, layerName, what);
  if (model instanceof Model && !(model instanceof Sequential)) {
    const graph = model.graph;
    if (!graph) {
      throw new TypeError(
        `${what}: a subclassed model's call() cannot be cut at a layer; pass a function instead, ` +
          "e.g. (x) => model.block1.apply(x) as tf.Tensor.",
      );
    }
    const node = (layer as unknown as { inboundNodes: GraphNode[] })
      .inboundNodes.find((n) => n.outputs.length > 0);
    if (!node) {
      throw new RangeError(
        `${what}: layer "${layerName}" is not connected in the model.`,
      );
    }
    // An explicit name keeps Keras's automatic model counter untouched.
    const cut = new Model({
      name: `${model.name}_upto_${layerName}`,
      inputs: graph.inputs,
      outputs: node.outputs[0],
    });
    return tf.tidy(() => asTensor(cut.apply(x), layerName, what));
  }
  return tf.tidy(() => {
    let h: tf.Tensor = x;
    for (const l of model.layers) {
      if (typeof l.apply !== "function") {
        throw new TypeError(
          `${what}: layer "${l.name}" has no apply(x) method.`,
        );
      }
      h = asTensor(l.apply(h), l.name, what);
      if (l.name === layerName) break;
    }
    return h;
  });
}

function asTensor(out: unknown, name: string, what: string): tf.Tensor {
  if (!(out instanceof tf.Tensor)) {
    throw new TypeError(
      `${what}: layer "${name}" did not return one tensor; pass a function (x) => tensor instead of the model.`,
    );
  }
  return out;
}
