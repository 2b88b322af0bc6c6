/**
 * The figures `deno task check:hub` prints per student and notebook, and
 * what chapter 02's outputs must contain.
 *
 * @module
 */

import { outputText } from "./kernel_client.ts";
import { assert } from "./faults.ts";
import type { NotebookRun } from "./students.ts";

const MIB = 2 ** 20;

/** A table: student, notebook, first output, wall, peak RSS, CPU seconds. */
export function report(runs: NotebookRun[]): string {
  const rows = [[
    "student",
    "notebook",
    "first output s",
    "wall s",
    "peak RSS MiB",
    "CPU s",
  ]];
  for (const r of runs) {
    rows.push([
      r.student,
      r.notebook.split("/").at(-1)!,
      r.firstOutputS?.toFixed(1) ?? "-",
      r.wallS.toFixed(1),
      r.peakRssBytes === null ? "-" : (r.peakRssBytes / MIB).toFixed(0),
      r.cpuSeconds?.toFixed(1) ?? "-",
    ]);
  }
  const widths = rows[0].map((_, i) =>
    Math.max(...rows.map((r) => r[i].length))
  );
  return rows.map((r) =>
    "   " + r.map((c, i) => i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))
      .join("  ")
  ).join("\n");
}

/** Chapter 02 printed LeNet-5's summary and fit's progress, and drew its figures. */
export function assertChapter02(r: NotebookRun): void {
  const text = outputText(r.outputs);
  const who = `${r.student} 02_lenet`;
  assert(/Model: "LeNet-5"/.test(text), `${who}: no summary of LeNet-5`);
  assert(
    /C1 \(Conv2D\)/.test(text) && /Total params: \d/.test(text),
    `${who}: the summary lacks its C1 (Conv2D) row or "Total params"`,
  );
  // fit's bar, redrawn in place up to its last step ("8/8 ━━━━ 3s 300ms/step - accuracy: …").
  assert(
    /\b(\d+)\/\1 ━+ \d+s \d+(?:us|ms|s)\/step - accuracy: \d/.test(text),
    `${who}: no finished progress bar with accuracy`,
  );
  assert(
    /epoch 1 - accuracy: [\d.]+ - loss: [\d.]+/.test(text),
    `${who}: no training history`,
  );
  const figures = r.outputs.filter((o) =>
    o.output_type === "display_data" &&
    (typeof o.data["image/png"] === "string" ||
      /Plotly\.newPlot/.test(String(o.data["text/html"] ?? "")))
  );
  assert(
    figures.length >= 3,
    `${who}: ${figures.length} figure(s), expected at least 3`,
  );
}
