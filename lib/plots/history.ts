/**
 * `plots.history`: loss and metrics per epoch, training next to validation,
 * one panel per quantity (as the usual matplotlib `history.history` plots).
 *
 * @module
 */
import { showFigure } from "./bundle.ts";
import type {
  PlotBundle,
  PlotlyFigure,
  PlotlyTrace,
  ShowOptions,
} from "./figure.ts";
import { round6 } from "./figure.ts";
import { lineChartPng } from "./raster/line_chart.ts";

/** Per-epoch values by Keras key (`loss`, `accuracy`, `val_loss`, …). */
export type HistoryRecord = Record<string, readonly number[]>;

/** A Keras `History` (what `fit` returns) or its `history` record. */
export type HistoryPlotInput =
  | { history: HistoryRecord; epoch?: readonly number[] }
  | HistoryRecord;

/** Options of {@link history}. */
export interface HistoryPlotOptions extends ShowOptions {
  /** Figure title. */
  title?: string;
}

/** matplotlib's first two default colours: training blue, validation orange. */
const TRAIN_COLOR = "#1f77b4";
const VAL_COLOR = "#ff7f0e";

/** Reads a History or a record, checking every key holds numbers. */
export function historyRecord(
  input: HistoryPlotInput,
  what = "plots.history",
): HistoryRecord {
  if (typeof input !== "object" || input === null) {
    throw new TypeError(
      `${what}: expected the History returned by fit, got ${
        input === null ? "null" : typeof input
      }.`,
    );
  }
  const record = "history" in input && typeof input.history === "object" &&
      !Array.isArray(input.history)
    ? input.history as HistoryRecord
    : input as HistoryRecord;
  for (const [key, values] of Object.entries(record)) {
    if (!Array.isArray(values) || values.some((v) => typeof v !== "number")) {
      throw new TypeError(
        `${what}: history.${key} must be an array of numbers.`,
      );
    }
  }
  return record;
}

/** Quantities to draw, each with its training and validation keys: `loss` first. */
export function panels(
  record: HistoryRecord,
): { name: string; keys: string[] }[] {
  const bases: string[] = [];
  for (const key of Object.keys(record)) {
    const base = key.startsWith("val_") ? key.slice(4) : key;
    if (!bases.includes(base)) bases.push(base);
  }
  bases.sort((a, b) => (a === "loss" ? -1 : b === "loss" ? 1 : 0));
  return bases.map((name) => ({
    name,
    keys: [name, `val_${name}`].filter((k) => k in record),
  }));
}

/** Bottom margin of history figures in px: axis ticks and title, then the legend row. */
export const HISTORY_BOTTOM_MARGIN = 95;

/** The plotly figure of `record` (epochs numbered from 1 as Keras prints them). */
export function historyFigure(
  record: HistoryRecord,
  title?: string,
): PlotlyFigure {
  const groups = panels(record);
  const cols = Math.max(1, groups.length);
  const data: PlotlyTrace[] = [];
  const annotations: Record<string, unknown>[] = [];
  const layout: Record<string, unknown> = {
    width: Math.min(1000, 420 * cols),
    height: 400,
    // The legend sits at the foot of the whole figure (container
    // coordinates), below the `epoch` axis titles, with a bottom margin
    // that holds both: tick labels and axis title ~50 px, legend row ~25 px.
    margin: { l: 55, r: 20, t: title ? 70 : 40, b: HISTORY_BOTTOM_MARGIN },
    legend: {
      orientation: "h",
      yref: "container",
      y: 0,
      yanchor: "bottom",
      x: 0.5,
      xanchor: "center",
    },
    annotations,
  };
  if (title) layout.title = { text: title };
  const gap = 0.08;
  groups.forEach((g, k) => {
    const suffix = k === 0 ? "" : String(k + 1);
    const x0 = k / cols + (k === 0 ? 0 : gap / 2);
    const x1 = (k + 1) / cols - (k === cols - 1 ? 0 : gap / 2);
    for (const key of g.keys) {
      const values = record[key];
      const val = key.startsWith("val_");
      data.push({
        type: "scatter",
        mode: "lines+markers",
        name: key,
        x: values.map((_, i) => i + 1),
        y: values.map(round6),
        xaxis: `x${suffix}`,
        yaxis: `y${suffix}`,
        line: { color: val ? VAL_COLOR : TRAIN_COLOR },
      });
    }
    layout[`xaxis${suffix}`] = {
      domain: [x0, x1],
      anchor: `y${suffix}`,
      title: { text: "epoch" },
      dtick: 1,
    };
    layout[`yaxis${suffix}`] = {
      anchor: `x${suffix}`,
      title: { text: g.name },
    };
    annotations.push({
      text: g.name,
      x: (x0 + x1) / 2,
      y: 1,
      xref: "paper",
      yref: "paper",
      xanchor: "center",
      yanchor: "bottom",
      showarrow: false,
      font: { size: 14 },
    });
  });
  return { data, layout };
}

/**
 * The PNG of {@link historyFigure}'s figure at its size: the same panels,
 * lines, colours, titles and legend, for views without JavaScript.
 */
export function historyPng(
  record: HistoryRecord,
  figure: PlotlyFigure,
  title?: string,
): Uint8Array {
  return lineChartPng({
    width: Number(figure.layout.width),
    height: Number(figure.layout.height),
    title,
    panels: panels(record).map((g) => ({
      name: g.name,
      series: g.keys.map((key) => ({
        name: key,
        color: key.startsWith("val_") ? VAL_COLOR : TRAIN_COLOR,
        values: record[key],
      })),
    })),
  }).png;
}

/** One line per epoch, Keras style: `epoch 1 - accuracy: 0.7120 - loss: 1.0518 - …`. */
export function historyText(record: HistoryRecord): string {
  const keys = Object.keys(record).sort();
  const epochs = Math.max(0, ...keys.map((k) => record[k].length));
  if (epochs === 0) return "history: no epochs yet";
  return Array.from(
    { length: epochs },
    (_, e) =>
      [
        `epoch ${e + 1}`,
        ...keys.filter((k) => e < record[k].length).map((k) =>
          `${k}: ${record[k][e].toFixed(4)}`
        ),
      ].join(" - "),
  ).join("\n");
}

/**
 * Shows loss and metrics per epoch for training and validation, from the
 * History that `fit` returned.
 *
 * @example
 * ```ts
 * const history = await lenet.fit(xTrain, yTrain, { epochs: 5, validationData: [xVal, yVal] });
 * await plots.history(history);
 * ```
 */
export async function history(
  input: HistoryPlotInput,
  options: HistoryPlotOptions = {},
): Promise<PlotBundle> {
  const record = historyRecord(input);
  const epochs = Math.max(0, ...Object.values(record).map((v) => v.length));
  const figure = historyFigure(record, options.title);
  return await showFigure({
    figure,
    png: historyPng(record, figure, options.title),
    summary: `<history ${epochs} epochs: ${Object.keys(record).join(", ")}>`,
    text: historyText(record),
  }, options);
}
