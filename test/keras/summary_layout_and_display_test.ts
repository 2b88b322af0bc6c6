import assert from "node:assert/strict";
import { Dense, Sequential, summaryHtml } from "../../lib/keras/mod.ts";
import {
  readableMemorySize,
  showSummary,
  terminalColumns,
} from "../../lib/keras/summary.ts";
import {
  fitColumnWidths,
  pyRound,
  wrapCell,
} from "../../lib/keras/rich_table.ts";
import { miniInception } from "../../lib/course/models/mod.ts";
import { setup } from "./helpers.ts";

Deno.test("byte sizes use Keras's 1024-based units and Python's round-half-even", () => {
  assert.equal(readableMemorySize(0), "0.00 B");
  assert.equal(readableMemorySize(288), "288.00 B");
  assert.equal(readableMemorySize(61706 * 4), "241.04 KB");
  assert.equal(readableMemorySize(896522 * 4), "3.42 MB");
  assert.equal(readableMemorySize(1024 + 128), "1.12 KB"); // 1.125 rounds to even, as Python does
  assert.equal(pyRound(2.5), 2);
  assert.equal(pyRound(3.5), 4);
});

Deno.test("rich's layout: column widths for Keras's defaults and word wrapping with an ellipsis", () => {
  // Sequential at 88 columns: 39/31/18 requested, rich squeezes them to 38/29/17 with padding.
  assert.deepEqual(fitColumnWidths([39, 31, 18], 88), [38, 29, 17]);
  assert.deepEqual(fitColumnWidths([32, 28, 19, 29], 108), [31, 27, 17, 28]);
  assert.deepEqual(wrapCell("max_pooling2d (MaxPooling2D)", 19, "left"), [
    "max_pooling2d      ",
    "(MaxPooling2D)     ",
  ]);
  assert.deepEqual(wrapCell("input_layer_1[0][0]", 17, "left"), [
    "input_layer_1[0]…",
  ]);
  assert.deepEqual(wrapCell("0 (unbuilt)", 13, "right"), ["  0 (unbuilt)"]);
});

Deno.test("the default width follows the terminal like Keras (COLUMNS − 4, at most 88/108)", async () => {
  await setup();
  const old = Deno.env.get("COLUMNS");
  try {
    Deno.env.set("COLUMNS", "80");
    assert.equal(terminalColumns(), 80);
    const model = miniInception();
    const lines = model.summaryText().split("\n");
    assert.equal(lines[1].length, 76);
    assert.ok(lines.some((l) => l.includes("input_layer[0][0]")));
    Deno.env.set("COLUMNS", "300");
    assert.equal(model.summaryText().split("\n")[1].length, 108);
  } finally {
    if (old === undefined) Deno.env.delete("COLUMNS");
    else Deno.env.set("COLUMNS", old);
  }
});

Deno.test("summary() prints to printFn; the HTML table carries the same cells", async () => {
  await setup();
  const model = new Sequential({
    name: "tiny",
    layers: [Dense(3, { inputShape: [4] })],
  });
  const got: string[] = [];
  await model.summary({ printFn: (t) => got.push(t), lineLength: 88 });
  assert.equal(got.length, 1);
  assert.equal(got[0], model.summaryText({ lineLength: 88 }));
  const html = summaryHtml(model);
  for (
    const cell of [
      'Model: "tiny"',
      "dense (Dense)",
      "(None, 3)",
      "15",
      "Total params:",
      "15 (60.00 B)",
    ]
  ) {
    assert.ok(html.includes(cell), `HTML lacks ${cell}`);
  }
  assert.match(html, /<table[^>]*>.*<th[^>]*>Layer \(type\)<\/th>/s);
});

Deno.test("in Jupyter, summary() displays an HTML + text/plain bundle", async () => {
  await setup();
  const bundles: Record<string, unknown>[] = [];
  const model = new Sequential({
    name: "nb",
    layers: [Dense(2, { inputShape: [2] })],
  });
  await showSummary(model, { lineLength: 88 }, {
    inJupyter: () => true,
    display: (b) => void bundles.push(b),
  });
  assert.equal(bundles.length, 1);
  assert.equal(bundles[0]["text/plain"], model.summaryText({ lineLength: 88 }));
  assert.match(String(bundles[0]["text/html"]), /<table/);
});
