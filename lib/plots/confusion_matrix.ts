/**
 * `plots.confusionMatrix`: counts of true versus predicted classes, drawn as
 * scikit-learn's `ConfusionMatrixDisplay` does (viridis, numbers in the cells).
 *
 * @module
 */
import { showFigure } from "./bundle.ts";
import { VIRIDIS, viridis } from "./colormap.ts";
import type { PlotBundle, ShowOptions } from "./figure.ts";
import { type LabelInput, toLabels } from "./inputs.ts";
import { confusionPng } from "./raster/pictures.ts";
import { predictedLength } from "../training/sample_limits.ts";

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions extends ShowOptions {
  /** Number of classes (default: largest label + 1). */
  numClasses?: number;
  /** Names of the classes (default `"0"`, `"1"`, …). */
  labels?: string[];
  /** Figure title (default none). */
  title?: string;
}

/**
 * The confusion matrix: `counts[i][j]` is how many samples of true class `i`
 * were predicted as `j`, like `sklearn.metrics.confusion_matrix`.
 *
 * @throws RangeError on length mismatch or labels outside `[0, numClasses)`.
 */
export function confusionCounts(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  numClasses?: number,
): number[][] {
  if (yTrue.length !== yPred.length) {
    throw new RangeError(
      `confusionMatrix: yTrue has ${yTrue.length} labels but yPred has ${yPred.length}; they must match.`,
    );
  }
  let k = numClasses ?? 0;
  if (numClasses === undefined) {
    for (let i = 0; i < yTrue.length; i++) {
      k = Math.max(k, yTrue[i] + 1, yPred[i] + 1);
    }
  }
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const [t, p] = [yTrue[i], yPred[i]];
    if (!(t >= 0 && t < k && p >= 0 && p < k)) {
      throw new RangeError(
        `confusionMatrix: sample ${i} has true ${t} / predicted ${p}, outside the ${k} classes [0, ${k}).`,
      );
    }
    counts[t][p] += 1;
  }
  return counts;
}

/** The matrix as a text table (rows: true label, columns: predicted label). */
export function confusionText(counts: number[][], names: string[]): string {
  const width = Math.max(
    ...names.map((s) => s.length),
    ...counts.flat().map((c) => String(c).length),
  ) + 1;
  const pad = (s: string) => s.padStart(width);
  const head = " ".repeat(width) + " " + names.map(pad).join("");
  const rows = counts.map((row, i) =>
    pad(names[i]) + " " + row.map((c) => pad(String(c))).join("")
  );
  return [
    "Confusion matrix (rows: true label, columns: predicted label)",
    head,
    ...rows,
  ].join("\n");
}

/**
 * Shows the confusion matrix of `yTrue` against `yPred` (integer labels, or
 * `[N, classes]` scores such as `model.predict` output, argmax taken).
 *
 * @example
 * ```ts
 * await plots.confusionMatrix(yTest, await lenet.predict(xTest));
 * ```
 */
export async function confusionMatrix(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: ConfusionMatrixOptions = {},
): Promise<PlotBundle> {
  const p = await toLabels(yPred, "plots.confusionMatrix(yPred)");
  const all = await toLabels(yTrue, "plots.confusionMatrix(yTrue)");
  const t = all.subarray(0, predictedLength(all.length, p.length));
  if (t.length === 0) {
    throw new RangeError("plots.confusionMatrix: yTrue is empty.");
  }
  const k0 = options.numClasses ?? options.labels?.length;
  const counts = confusionCounts(t, p, k0);
  const k = counts.length;
  const names = options.labels ??
    Array.from({ length: k }, (_, i) => String(i));
  if (names.length !== k) {
    throw new RangeError(
      `plots.confusionMatrix: ${names.length} label names for ${k} classes.`,
    );
  }
  const flat = counts.flat();
  const [min, max] = [Math.min(...flat), Math.max(...flat)];
  // scikit-learn writes dark text on bright cells and bright text on dark ones.
  const threshold = (min + max) / 2;
  const rgb = (c: [number, number, number]) => `rgb(${c.join(",")})`;
  const annotations = counts.flatMap((row, i) =>
    row.map((c, j) => ({
      x: names[j],
      y: names[i],
      text: String(c),
      showarrow: false,
      font: { color: c < threshold ? rgb(viridis(1)) : rgb(viridis(0)) },
    }))
  );
  const cell = Math.max(28, Math.min(48, Math.floor(440 / Math.max(1, k))));
  const layout: Record<string, unknown> = {
    width: k * cell + 170,
    height: k * cell + 130,
    margin: { l: 70, r: 20, t: options.title ? 50 : 20, b: 60 },
    xaxis: {
      title: { text: "Predicted label" },
      type: "category",
      constrain: "domain",
    },
    yaxis: {
      title: { text: "True label" },
      type: "category",
      autorange: "reversed",
      scaleanchor: "x",
      constrain: "domain",
    },
    annotations,
  };
  if (options.title) layout.title = { text: options.title };
  const png = confusionPng({ counts, names, cell, title: options.title });
  const text = confusionText(counts, names);
  return await showFigure({
    figure: {
      data: [{
        type: "heatmap",
        z: counts,
        x: names,
        y: names,
        colorscale: VIRIDIS,
        showscale: true,
        hovertemplate: "true %{y}, predicted %{x}: %{z}<extra></extra>",
      }],
      layout,
    },
    png,
    summary: `<confusionMatrix ${k}×${k}, ${t.length} samples>`,
    text,
  }, options);
}
