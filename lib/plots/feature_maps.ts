/**
 * `plots.featureMaps`: what a layer outputs for one input image, one heatmap
 * per channel.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { showFigure } from "./bundle.ts";
import type { PlotBundle, ShowOptions } from "./figure.ts";
import { type GridOptions, imageGrid } from "./grid.ts";
import type { Image2D, ImageInput } from "./inputs.ts";
import { isModel, layerOutput, type ModelLike } from "./model_access.ts";

/** Options of {@link featureMaps}. */
export interface FeatureMapsOptions extends ShowOptions, GridOptions {
  /** At most this many channels (default 16). */
  n?: number;
}

/** A function from a batch `[1, h, w, c]` to an intermediate output `[1, h', w', channels]`. */
export type FeatureExtractor = (x: tf.Tensor) => tf.Tensor;

/** `image` as a batch of one `[1, h, w, c]`. */
function asBatch(image: ImageInput, what: string): tf.Tensor {
  if (!(image instanceof tf.Tensor) && !Array.isArray(image)) {
    throw new TypeError(
      `${what}: image must be a tf.Tensor or a nested number array.`,
    );
  }
  return tf.tidy(() => {
    const t = image instanceof tf.Tensor ? image : tf.tensor(image);
    const s = t.shape;
    const batch = s.length === 2
      ? t.reshape([1, s[0], s[1], 1])
      : s.length === 3
      ? t.reshape([1, ...s])
      : s.length === 4 && s[0] === 1
      ? t
      : undefined;
    if (!batch) {
      throw new TypeError(
        `${what}: image must be one image [h, w], [h, w, c] or [1, h, w, c], got shape [${s}].`,
      );
    }
    return batch.toFloat();
  });
}

/** Splits an output `[1, h, w, C]` (flat) into `C` images. */
export function channelImages(
  values: ArrayLike<number>,
  shape: number[],
): Image2D[] {
  const [, h, w, c] = shape;
  return Array.from({ length: c }, (_, k) => {
    const data = new Float32Array(h * w);
    for (let i = 0; i < h * w; i++) data[i] = values[i * c + k];
    return { height: h, width: w, data };
  });
}

/**
 * Shows the feature maps that `layerName` produces for `image`. `model` is a
 * Sequential or Functional model (cut at that layer's output), or a
 * function from the input batch to the intermediate output — needed for
 * subclassed models, e.g. `(x) => model.block1.apply(x) as tf.Tensor`.
 *
 * @example
 * ```ts
 * await plots.featureMaps(lenet, "C1", xTest.slice([0], [1]));
 * ```
 */
export async function featureMaps(
  model: ModelLike | FeatureExtractor,
  layerName: string,
  image: ImageInput,
  options: FeatureMapsOptions = {},
): Promise<PlotBundle> {
  const what = "plots.featureMaps";
  if (typeof model !== "function" && !isModel(model)) {
    throw new TypeError(
      `${what}: expected a model with .layers or a function (x) => tensor.`,
    );
  }
  const x = asBatch(image, what);
  let out: tf.Tensor;
  try {
    out = typeof model === "function"
      ? tf.tidy(() => {
        const r = model(x);
        if (!(r instanceof tf.Tensor)) {
          throw new TypeError(
            `${what}: the function must return a tf.Tensor synchronously.`,
          );
        }
        return r;
      })
      : layerOutput(model, layerName, x, what);
  } finally {
    x.dispose();
  }
  const shape = out.shape.length === 3 ? [1, ...out.shape] : out.shape.slice();
  let values: ArrayLike<number>;
  try {
    if (shape.length !== 4 || shape[0] !== 1) {
      throw new RangeError(
        `${what}: layer "${layerName}" outputs shape [${out.shape}], not feature maps [1, height, width, channels]. ` +
          "Pick a convolution or pooling layer.",
      );
    }
    values = (await out.data()) as ArrayLike<number>;
  } finally {
    out.dispose();
  }
  const channels = shape[3];
  const n = Math.min(options.n ?? 16, channels);
  const images = channelImages(values, shape).slice(0, n);
  const title = options.title ??
    `Feature maps of ${layerName} (${shape[1]}×${shape[2]})`;
  const { figure, png } = imageGrid(
    images.map((im, i) => ({ image: im, title: String(i) })),
    { ...options, title },
  );
  const shown = n < channels ? `, showing ${n}` : "";
  return await showFigure({
    figure,
    png,
    summary: `<featureMaps ${layerName}: ${channels} × ${shape[1]}×${
      shape[2]
    }>`,
    text: `feature maps of ${layerName}: ${channels} channels of ${shape[1]}×${
      shape[2]
    }${shown}`,
  }, options);
}
