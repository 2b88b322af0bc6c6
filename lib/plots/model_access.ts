/**
 * The thin glue between the figure helpers and models: finding a layer and
 * its kernel, and running a model up to a layer. It relies only on the
 * Keras-style shape (`model.layers`, `layer.name`, `layer.getWeights()`,
 * `layer.apply(x)`), so it works with the course's models and with tfjs's.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** What the helpers need from a layer. */
export interface LayerLike {
  /** The layer's name, e.g. `"C1"`. */
  readonly name: string;
  /** The layer's weights, kernel first (as Keras orders them). */
  getWeights(): tf.Tensor[];
  /** Eager forward pass (needed only by `featureMaps`). */
  apply?(x: tf.Tensor): unknown;
}

/** What the helpers need from a model. */
export interface ModelLike {
  /** Layers in order. */
  readonly layers: readonly LayerLike[];
}

function isLayer(v: unknown): v is LayerLike {
  return typeof v === "object" && v !== null &&
    typeof (v as LayerLike).getWeights === "function";
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
  return layer.getWeights().find((w) => w.rank === 4);
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
  if (isModel(source)) {
    if (source.layers.length === 0) {
      throw new RangeError(`${what}: the model has no layers yet.`);
    }
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

/** Runs `x` through `model`'s layers in order up to and including `layerName` (Sequential models). */
export function runUpTo(
  model: ModelLike,
  layerName: string,
  x: tf.Tensor,
  what: string,
): tf.Tensor {
  findLayer(model, layerName, what);
  return tf.tidy(() => {
    let h: tf.Tensor = x;
    for (const layer of model.layers) {
      if (typeof layer.apply !== "function") {
        throw new TypeError(
          `${what}: layer "${layer.name}" has no apply(x) method.`,
        );
      }
      const out = layer.apply(h);
      if (!(out instanceof tf.Tensor)) {
        throw new TypeError(
          `${what}: layer "${layer.name}" did not return a tensor; pass a function (x) => tensor instead of the model.`,
        );
      }
      h = out;
      if (layer.name === layerName) break;
    }
    return h;
  });
}
