/**
 * `model.summary()` in Keras 3's layout: the same columns, widths, wrapping,
 * `?` / `0 (unbuilt)` rules, `Connected to` for branching Functional models,
 * and parameter totals with byte sizes. Text in a terminal, an HTML table
 * (plus the text) in Jupyter.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { formatCount, formatSummaryShape } from "../core/format.ts";
import { escapeHtml } from "../core/html.ts";
import {
  kernelOutput,
  type RichOutput,
  showBundle,
} from "../host/rich_output.ts";
import type { FunctionalGraph } from "./functional.ts";
import type { Layer, ShapeOrList } from "./layer.ts";
import { isShapeList } from "./layer.ts";
import { type Justify, pyRound, renderTable } from "./rich_table.ts";

/** Options of `summary()` / `summaryText()`. */
export interface SummaryOptions {
  /** Total width; default Keras's (88, or 108 with `Connected to`), capped at terminal columns − 4. */
  lineLength?: number;
  /** Relative column end positions; default Keras's. */
  positions?: number[];
  /** Receives the summary text instead of printing or displaying it. */
  printFn?: (text: string) => void;
}

/** What the summary needs from a model (implemented by `Model`). */
export interface Summarizable {
  /** Model name. */
  readonly name: string;
  /** Layers to list. */
  readonly layers: Layer[];
  /** The Functional graph, if any. */
  readonly graph?: FunctionalGraph;
  /** Trainable variables. */
  readonly trainableWeights: tf.Variable[];
  /** Non-trainable variables. */
  readonly nonTrainableWeights: tf.Variable[];
}

/**
 * Terminal width as Python's `shutil.get_terminal_size()` reports it:
 * `$COLUMNS`, else the terminal's width, else 80 (as in Jupyter).
 */
export function terminalColumns(): number {
  try {
    const env = Number(Deno.env.get("COLUMNS"));
    if (Number.isInteger(env) && env > 0) return env;
  } catch { /* no env permission: fall through */ }
  try {
    if (Deno.stdout.isTerminal()) return Deno.consoleSize().columns;
  } catch { /* not a terminal */ }
  return 80;
}

/** Keras's `readable_memory_size`: 1024-based units with two decimals. */
export function readableMemorySize(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let size = bytes;
  for (const unit of units) {
    if (size / 1024 < 1) {
      return `${(pyRound(size * 100) / 100).toFixed(2)} ${unit}`;
    }
    size /= 1024;
  }
  return `${(pyRound(size * 100) / 100).toFixed(2)} PB`;
}

function formatShapeCell(shape: ShapeOrList | undefined): string {
  if (shape === undefined) return "?";
  return isShapeList(shape)
    ? `[${shape.map((s) => formatSummaryShape(s)).join(", ")}]`
    : formatSummaryShape(shape as (number | null)[]);
}

/** Keras's test: one node per depth, each with at most one input, no shared layers. */
function isSequentialLike(graph: FunctionalGraph | undefined): boolean {
  if (!graph) return true;
  const perDepth = new Map<number, number>();
  for (const [node, depth] of graph.depths) {
    if (node.inputs.length > 1) return false;
    perDepth.set(depth, (perDepth.get(depth) ?? 0) + 1);
  }
  if ([...perDepth.values()].some((n) => n > 1)) return false;
  const layers = new Set(graph.nodes.map((n) => n.layer));
  return layers.size === graph.nodes.length;
}

function connections(layer: Layer, graph: FunctionalGraph): string {
  const parts: string[] = [];
  for (const node of layer.inboundNodes) {
    if (!graph.has(node)) continue;
    for (const t of node.inputs) {
      parts.push(
        `${t.history.layer.name}[${t.history.nodeIndex}][${t.history.tensorIndex}]`,
      );
    }
  }
  return parts.length ? parts.join(", ") : "-";
}

function bytesOf(vars: tf.Variable[]): number {
  const size: Record<string, number> = { float32: 4, int32: 4, bool: 1 };
  return vars.reduce((n, v) => n + v.size * (size[v.dtype] ?? 4), 0);
}

/** Rows, headers and totals of a model's summary. */
export interface SummaryData {
  /** Model name. */
  name: string;
  /** Column titles. */
  header: string[];
  /** Column alignment. */
  justify: Justify[];
  /** Cell texts per layer. */
  rows: string[][];
  /** Total / trainable / non-trainable lines' label and value. */
  totals: [string, string][];
  /** Whether the model uses the 4-column Functional layout. */
  connected: boolean;
}

/** Collects what the summary shows (shared by the text and HTML renderings). */
export function summaryData(model: Summarizable): SummaryData {
  const graph = model.graph;
  const connected = !isSequentialLike(graph);
  const header = ["Layer (type)", "Output Shape", "Param #"];
  const justify: Justify[] = ["left", "left", "right"];
  if (connected) {
    header.push("Connected to");
    justify.push("left");
  }
  const rows = model.layers.map((layer) => {
    const params = layer.unbuiltForSummary
      ? "0 (unbuilt)"
      : formatCount(layer.countParams());
    const row = [
      `${layer.name} (${layer.className})`,
      formatShapeCell(layer.summaryOutputShape),
      params,
    ];
    if (connected && graph) row.push(connections(layer, graph));
    return row;
  });
  const trainable = model.trainableWeights;
  const nonTrainable = model.nonTrainableWeights;
  const nT = trainable.reduce((n, v) => n + v.size, 0);
  const nN = nonTrainable.reduce((n, v) => n + v.size, 0);
  const bT = bytesOf(trainable);
  const bN = bytesOf(nonTrainable);
  const totals: [string, string][] = [
    [
      "Total params:",
      `${formatCount(nT + nN)} (${readableMemorySize(bT + bN)})`,
    ],
    ["Trainable params:", `${formatCount(nT)} (${readableMemorySize(bT)})`],
    ["Non-trainable params:", `${formatCount(nN)} (${readableMemorySize(bN)})`],
  ];
  return { name: model.name, header, justify, rows, totals, connected };
}

/**
 * The summary as Keras 3 prints it to a terminal.
 *
 * @example
 * ```ts
 * console.log(summaryText(model, { lineLength: 76 }));
 * ```
 */
export function summaryText(
  model: Summarizable,
  options: SummaryOptions = {},
): string {
  const data = summaryData(model);
  const defaultLength = data.connected ? 108 : 88;
  const lineLength = options.lineLength ??
    Math.min(defaultLength, terminalColumns() - 4);
  const positions = options.positions ??
    (data.connected ? [0.3, 0.56, 0.74, 1.0] : [0.45, 0.8, 1.0]);
  if (positions.length !== data.header.length) {
    throw new RangeError(
      `summary(): positions needs ${data.header.length} entries for this model; got ${positions.length}.`,
    );
  }
  const columnWidths: number[] = [];
  let current = 0;
  for (const p of positions) {
    const width = Math.floor(p * lineLength) - current;
    if (width < 4) {
      throw new RangeError("Insufficient console width to print summary.");
    }
    columnWidths.push(width);
    current += width;
  }
  const table = renderTable({
    header: data.header,
    justify: data.justify,
    columnWidths,
    tableWidth: lineLength,
    rows: data.rows,
  });
  const totals = data.totals.map(([label, value]) => ` ${label} ${value}`);
  return [`Model: "${data.name}"`, ...table, ...totals].join("\n");
}

/** The same summary as an HTML table (for Jupyter). */
export function summaryHtml(model: Summarizable): string {
  const data = summaryData(model);
  const cell = (tag: string, text: string, j: Justify) =>
    `<${tag} style="text-align:${j};padding:2px 10px;border-bottom:1px solid #ddd">${
      escapeHtml(text)
    }</${tag}>`;
  const head = data.header.map((h, i) => cell("th", h, data.justify[i])).join(
    "",
  );
  const body = data.rows.map((r) =>
    `<tr>${r.map((c, i) => cell("td", c, data.justify[i])).join("")}</tr>`
  )
    .join("");
  const totals = data.totals.map(([l, v]) =>
    `<div><b>${escapeHtml(l)}</b> ${escapeHtml(v)}</div>`
  ).join("");
  return `<div class="keras-summary"><p style="font-weight:bold">Model: "${
    escapeHtml(data.name)
  }"</p>` +
    `<table style="border-collapse:collapse;font-family:monospace"><thead><tr>${head}</tr></thead>` +
    `<tbody>${body}</tbody></table><div style="margin-top:6px">${totals}</div></div>`;
}

/**
 * Shows the summary: to `printFn` if given, as HTML + text in Jupyter,
 * otherwise printed to stdout (see `rich_output.ts`; tests pass `output`).
 */
export async function showSummary(
  model: Summarizable,
  options: SummaryOptions = {},
  output: RichOutput = kernelOutput,
): Promise<void> {
  const text = summaryText(model, options);
  if (options.printFn) {
    options.printFn(text);
    return;
  }
  await showBundle(
    { "text/plain": text, "text/html": summaryHtml(model) },
    { show: true, output },
  );
}
