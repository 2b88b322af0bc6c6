/**
 * `plots.filters`: the kernels of a convolutional layer (by default the
 * model's first one), one small heatmap per filter.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { showFigure } from "./bundle.ts";
import type { PlotBundle, ShowOptions } from "./figure.ts";
import { type GridOptions, imageGrid } from "./grid.ts";
import type { Image2D } from "./inputs.ts";
import {
  type LayerLike,
  type ModelLike,
  resolveKernel,
} from "./model_access.ts";

/** Options of {@link filters}. */
export interface FiltersOptions extends ShowOptions, GridOptions {
  /** Layer to show (default: the first layer with a 4-D kernel). */
  layerName?: string;
  /** At most this many filters (default 64). */
  n?: number;
  /** Input channel to show when the layer has several (default: their mean). */
  inputChannel?: number;
}

/**
 * Splits a kernel `[kh, kw, in, out]` (flat, row-major) into one image per
 * output filter: channel `inputChannel`, or the mean over input channels.
 */
export function kernelImages(
  values: ArrayLike<number>,
  shape: number[],
  inputChannel?: number,
): Image2D[] {
  const [kh, kw, cin, cout] = shape;
  if (
    inputChannel !== undefined && !(inputChannel >= 0 && inputChannel < cin)
  ) {
    throw new RangeError(
      `inputChannel ${inputChannel} is outside [0, ${cin}).`,
    );
  }
  return Array.from({ length: cout }, (_, o) => {
    const data = new Float32Array(kh * kw);
    for (let y = 0; y < kh; y++) {
      for (let x = 0; x < kw; x++) {
        const base = ((y * kw + x) * cin) * cout + o;
        let v = 0;
        if (inputChannel !== undefined) v = values[base + inputChannel * cout];
        else {
          for (let c = 0; c < cin; c++) v += values[base + c * cout];
          v /= cin;
        }
        data[y * kw + x] = v;
      }
    }
    return { height: kh, width: kw, data };
  });
}

/**
 * Shows the filters of a convolutional layer: `source` is a model (its first
 * layer with a 4-D kernel, or `layerName`), a layer, or a kernel tensor
 * `[kh, kw, in, out]`.
 *
 * @example
 * ```ts
 * await plots.filters(lenet);            // C1's six 5×5 kernels
 * ```
 */
export async function filters(
  source: ModelLike | LayerLike | tf.Tensor,
  options: FiltersOptions = {},
): Promise<PlotBundle> {
  const what = "plots.filters";
  const { kernel, name } = resolveKernel(source, options.layerName, what);
  let values: ArrayLike<number>;
  const shape = kernel.shape.slice();
  try {
    values = (await kernel.data()) as ArrayLike<number>;
  } finally {
    kernel.dispose();
  }
  const [kh, kw, cin, cout] = shape;
  const n = Math.min(options.n ?? 64, cout);
  const images = kernelImages(values, shape, options.inputChannel).slice(0, n);
  const channelNote = cin === 1
    ? ""
    : options.inputChannel !== undefined
    ? `, input channel ${options.inputChannel}`
    : `, mean over ${cin} input channels`;
  const title = options.title ??
    `Filters of ${name} (${kh}×${kw}${channelNote})`;
  const { figure, png } = imageGrid(
    images.map((image, i) => ({ image, title: String(i) })),
    { ...options, title },
  );
  const shown = n < cout ? `, showing ${n}` : "";
  return await showFigure({
    figure,
    png,
    summary: `<filters ${name}: ${cout} × ${kh}×${kw}>`,
    text:
      `filters of ${name}: ${cout} filters of ${kh}×${kw}×${cin}${shown}${channelNote}`,
  }, options);
}
