/**
 * What an executed copy tells the course command: how long each code cell
 * took last time (for the estimate of what is left) and the test accuracy
 * the notebook reached (for the final summary).
 *
 * @module
 */

import { basename } from "node:path";
import {
  cellSource,
  joinText,
  type Notebook,
  type NotebookCell,
} from "./files.ts";

/** Seconds a code cell ran, from nbclient's timing metadata (undefined if absent). */
export function cellSeconds(cell: NotebookCell): number | undefined {
  const t = cell.metadata?.execution as Record<string, string> | undefined;
  const start = Date.parse(t?.["iopub.execute_input"] ?? "");
  const end = Date.parse(t?.["shell.execute_reply"] ?? "");
  return Number.isFinite(start) && Number.isFinite(end)
    ? Math.max(0, (end - start) / 1000)
    : undefined;
}

/**
 * Seconds per code cell of an executed copy, in order; undefined when any
 * cell lacks timing (the estimate then falls back to not knowing).
 */
export function codeCellSeconds(nb: Notebook): number[] | undefined {
  const out: number[] = [];
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code" || !cellSource(cell).trim()) continue;
    const s = cellSeconds(cell);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out;
}

const ACCURACY_LINE = /test accuracy\s+(\d+(?:\.\d+)?)/gi;
const EVALUATE_RESULT = /^\[\s*(-?[\d.e+-]+|NaN),\s*(-?[\d.e+-]+|NaN)\s*\]$/;

/**
 * The test accuracies a notebook reports: the `[loss, accuracy]` value of a
 * cell that calls `evaluate(xTest, …)` and any "test accuracy 0.97" line.
 */
export function testAccuracies(nb: Notebook): number[] {
  const found: number[] = [];
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    const evaluates = /\.evaluate\(\s*xTest/.test(cellSource(cell));
    for (const out of cell.outputs ?? []) {
      if (out.output_type === "stream") {
        for (const m of joinText(out.text).matchAll(ACCURACY_LINE)) {
          found.push(Number(m[1]));
        }
      } else if (evaluates && out.output_type === "execute_result") {
        const m = EVALUATE_RESULT.exec(
          joinText(out.data?.["text/plain"]).trim(),
        );
        if (m) found.push(Number(m[2]));
      }
    }
  }
  return found.filter((a) => Number.isFinite(a));
}

/** "12.3 s", "3m 05s", "1h 02m". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 3600) {
    return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  }
  return `${Math.floor(s / 3600)}h ${
    String(Math.floor((s % 3600) / 60)).padStart(2, "0")
  }m`;
}

/** One notebook's line in the final summary. */
export interface SummaryRow {
  source: string;
  /** `ran`, `failed`, or `skipped` (its executed copy was up to date). */
  status: "ran" | "failed" | "skipped";
  seconds: number;
  /** The kernel's peak resident memory, MiB; undefined when not measured. */
  peakRssMiB?: number;
  accuracies: number[];
}

function mib(n: number | undefined): string {
  return n === undefined ? "—" : `${n.toLocaleString("en-US")} MiB`;
}

/** The final summary: a table of notebooks, times and test accuracies. */
export function summaryTable(rows: SummaryRow[]): string {
  const name = (r: SummaryRow) => basename(r.source);
  const width = Math.max(8, ...rows.map((r) => name(r).length));
  const lines = [
    `${"Notebook".padEnd(width)}  ${"Status".padEnd(7)}  ${
      "Time".padStart(8)
    }  ${"Peak RSS".padStart(9)}  Test accuracy`,
  ];
  for (const r of rows) {
    const acc = r.accuracies.length
      ? r.accuracies.map((a) => a.toFixed(4)).join(" / ")
      : "—";
    const time = r.status === "skipped"
      ? `(${formatDuration(r.seconds)})`
      : formatDuration(r.seconds);
    lines.push(
      `${name(r).padEnd(width)}  ${r.status.padEnd(7)}  ${time.padStart(8)}  ${
        mib(r.peakRssMiB).padStart(9)
      }  ${acc}`,
    );
  }
  const ran = rows.filter((r) => r.status !== "skipped");
  const measured = rows.filter((r) => r.peakRssMiB !== undefined);
  const largest = measured.length
    ? measured.reduce((a, b) => (b.peakRssMiB! > a.peakRssMiB! ? b : a))
    : undefined;
  lines.push(
    `Total: ${
      formatDuration(ran.reduce((t, r) => t + r.seconds, 0))
    } for ${ran.length} executed notebook(s)${
      rows.length > ran.length
        ? `, ${
          rows.length - ran.length
        } skipped (time of their last run in brackets)`
        : ""
    }${
      largest
        ? `; largest peak RSS ${mib(largest.peakRssMiB)} (${name(largest)})`
        : ""
    }.`,
  );
  return lines.join("\n");
}
