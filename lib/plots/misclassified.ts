/**
 * `plots.misclassified`: a gallery of test images the model got wrong.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { showFigure } from "./bundle.ts";
import { predictedLength } from "../training/sample_limits.ts";
import type { PlotBundle, ShowOptions } from "./figure.ts";
import { type GridOptions, imageGrid } from "./grid.ts";
import { messagePng } from "./raster/pictures.ts";
import {
  imageCount,
  type ImageInput,
  type ImageStackInput,
  type LabelInput,
  toImageStack,
  toLabels,
} from "./inputs.ts";

/** Options of {@link misclassified}. */
export interface MisclassifiedOptions extends ShowOptions, GridOptions {
  /** How many mistakes to show, in data set order (default 10). */
  n?: number;
}

/** Indices `i` where `yTrue[i] !== yPred[i]`, in order. */
export function mismatchIndices(
  yTrue: Int32Array,
  yPred: Int32Array,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] !== yPred[i]) out.push(i);
  return out;
}

/**
 * Shows the first `n` images whose prediction differs from the label, titled
 * `true 3 / pred 5`. `yPred` may be class indices or the `[N, classes]`
 * output of `model.predict` (its argmax is used).
 *
 * @example
 * ```ts
 * const probs = await lenet.predict(xTest);
 * await plots.misclassified(xTest, yTest, probs, { n: 10 });
 * ```
 */
export async function misclassified(
  x: ImageStackInput,
  yTrue: LabelInput,
  yPred: LabelInput,
  options: MisclassifiedOptions = {},
): Promise<PlotBundle> {
  const n = imageCount(options.n, 10, "plots.misclassified");
  const p = await toLabels(yPred, "plots.misclassified(yPred)");
  const all = await toLabels(yTrue, "plots.misclassified(yTrue)");
  const t = all.subarray(0, predictedLength(all.length, p.length));
  const stacked = x instanceof tf.Tensor
    ? x.shape[0]
    : Array.isArray(x)
    ? x.length
    : NaN;
  // Quick mode: the images of the predicted subset (gathered by index).
  const count = stacked === all.length ? t.length : stacked;
  if (t.length !== p.length || t.length !== count) {
    throw new RangeError(
      `plots.misclassified: x has ${count} images, yTrue ${t.length} labels and yPred ${p.length} predictions; they must match.`,
    );
  }
  const wrong = mismatchIndices(t, p);
  const shown = wrong.slice(0, n);
  const header =
    `misclassified: ${wrong.length} of ${t.length} images (accuracy ${
      t.length ? (1 - wrong.length / t.length).toFixed(4) : "n/a"
    })`;
  if (shown.length === 0) {
    return await showFigure({
      figure: {
        data: [],
        layout: {
          width: 420,
          height: 120,
          xaxis: { visible: false },
          yaxis: { visible: false },
          annotations: [{
            text: "No misclassified images",
            showarrow: false,
            xref: "paper",
            yref: "paper",
            x: 0.5,
            y: 0.5,
          }],
        },
      },
      png: messagePng("No misclassified images", 420, 120),
      summary: "<misclassified: none>",
      text: header,
    }, options);
  }
  const images = await gatherImages(x, shown);
  const cells = shown.map((i, k) => ({
    image: images[k],
    title: `true ${t[i]} / pred ${p[i]}`,
  }));
  const { figure, png } = imageGrid(cells, { cols: 5, ...options });
  return await showFigure({
    figure,
    png,
    summary: `<misclassified ${shown.length} of ${wrong.length}>`,
    text: `${header}; showing ${shown.length}:\n` +
      shown.map((i, k) => `  #${i}: ${cells[k].title}`).join("\n"),
  }, options);
}

async function gatherImages(x: ImageStackInput, indices: number[]) {
  const what = "plots.misclassified(x)";
  if (x instanceof tf.Tensor) {
    const picked = tf.tidy(() => tf.gather(x, tf.tensor1d(indices, "int32")));
    try {
      return await toImageStack(picked, what);
    } finally {
      picked.dispose();
    }
  }
  return await toImageStack(indices.map((i) => (x as ImageInput[])[i]), what);
}
