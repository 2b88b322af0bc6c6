/**
 * `plots.digitGrid`: the first images of a data set with their labels.
 *
 * @module
 */
import { showFigure } from "./bundle.ts";
import type { PlotBundle, ShowOptions } from "./figure.ts";
import { type GridOptions, imageGrid } from "./grid.ts";
import {
  imageCount,
  type ImageStackInput,
  type LabelInput,
  toImageStack,
  toLabels,
} from "./inputs.ts";

/** Options of {@link digitGrid}. */
export interface DigitGridOptions extends ShowOptions, GridOptions {
  /** How many images, from the start (default 16). */
  n?: number;
}

/**
 * Shows the first `n` images of `images` (`[N, h, w]` or `[N, h, w, 1]`) in
 * a grid, each titled with its label (or its index when `labels` is omitted).
 *
 * @example
 * ```ts
 * await plots.digitGrid(xTrain, yTrain, { n: 16 });
 * ```
 */
export async function digitGrid(
  images: ImageStackInput,
  labels?: LabelInput,
  options: DigitGridOptions = {},
): Promise<PlotBundle> {
  const n = imageCount(options.n, 16, "plots.digitGrid");
  const imgs = await toImageStack(images, "plots.digitGrid(images)", n);
  if (imgs.length === 0) {
    throw new RangeError("plots.digitGrid: images is empty.");
  }
  const labs = labels === undefined
    ? undefined
    : await toLabels(labels, "plots.digitGrid(labels)");
  if (labs && labs.length < imgs.length) {
    throw new RangeError(
      `plots.digitGrid: ${labs.length} labels for ${imgs.length} images; pass one label per image.`,
    );
  }
  const titles = imgs.map((_, i) => labs ? String(labs[i]) : `#${i}`);
  const { figure, png } = imageGrid(
    imgs.map((image, i) => ({ image, title: titles[i] })),
    options,
  );
  const size = `${imgs[0].height}×${imgs[0].width}`;
  return await showFigure({
    figure,
    png,
    summary: `<digitGrid ${imgs.length} images ${size}>`,
    text: `digitGrid: ${imgs.length} images of ${size}` +
      (labs ? `, labels ${titles.join(" ")}` : ""),
  }, options);
}
