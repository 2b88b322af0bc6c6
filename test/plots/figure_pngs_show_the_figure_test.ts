// What views without JavaScript show: each figure's PNG, decoded, has its
// title, labels, axes and legend where the figure has them.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { plots } from "cnn/plots/mod.ts";
import { type PlotBundle, PLOTLY_MIME } from "cnn/plots/figure.ts";
import { Canvas, parseColor } from "cnn/plots/raster/canvas.ts";
import { fitText, fittingScale } from "cnn/plots/raster/font.ts";
import { lineChartPng } from "cnn/plots/raster/line_chart.ts";
import { viridis } from "cnn/plots/colormap.ts";
import {
  decodePng,
  inkBox,
  isInk,
  pattern,
  type Picture,
  pixel,
} from "./helpers.ts";

await tf.setBackend("cpu");

/** The ink pattern of `text` drawn alone, to find it in a figure. */
function textPattern(text: string, scale: number, bold = false): string {
  const c = new Canvas(400, 60);
  c.text(text, 4, 4, { scale, bold });
  return pattern(c, inkBox(c, [0, 0, 399, 59], isInk)!, isInk);
}

/** The ink pattern found in `region` of the figure. */
function found(p: Picture, region: [number, number, number, number]): string {
  const box = inkBox(p, region, isInk);
  assert.ok(box, `no text in ${region}`);
  return pattern(p, box, isInk);
}

async function png(bundle: PlotBundle): Promise<Picture> {
  const p = await decodePng(bundle["image/png"]!);
  const layout = bundle[PLOTLY_MIME].layout;
  // The PNG stands in for the figure in its container: same size.
  assert.deepEqual([p.width, p.height], [layout.width, layout.height]);
  return p;
}

Deno.test("imshow's PNG: the digit titled 8 above it, tick labels beside it", async () => {
  const img = tf.tidy(() => tf.linspace(0, 1, 784).reshape([28, 28, 1]));
  const titled = await png(await plots.imshow(img, { title: 8 }));
  const plain = await png(await plots.imshow(img));
  img.dispose();
  // The title band (50 px) holds exactly the text "8", bold, at scale 2.
  assert.equal(found(titled, [0, 0, 419, 40]), textPattern("8", 2, true));
  assert.equal(inkBox(plain, [0, 0, 419, 12], isInk), undefined);
  // Viridis pixels in the middle, ink of the tick labels left of the image.
  // Row 0, column 0 holds the minimum: viridis's first colour.
  assert.deepEqual(pixel(titled, 80, 70), [...viridis(0)]);
  assert.ok(inkBox(titled, [0, 60, 45, 400], isInk), "y tick labels");
  assert.ok(inkBox(titled, [50, 385, 419, 419], isInk), "x tick labels");
});

Deno.test("the training curves' PNG: title, panel titles, both colours, a legend below the axis titles", async () => {
  const record = {
    loss: [1.05, 0.28, 0.19],
    accuracy: [0.71, 0.92, 0.94],
    val_loss: [0.31, 0.21, 0.15],
    val_accuracy: [0.9, 0.94, 0.955],
  };
  const bundle = await plots.history(record, { title: "LeNet-5" });
  const p = await png(bundle);
  const fig = bundle[PLOTLY_MIME];
  const { layout } = lineChartPng({
    width: p.width,
    height: p.height,
    title: "LeNet-5",
    panels: [
      {
        name: "loss",
        series: [
          { name: "loss", color: "#1f77b4", values: record.loss },
          { name: "val_loss", color: "#ff7f0e", values: record.val_loss },
        ],
      },
      {
        name: "accuracy",
        series: [
          { name: "accuracy", color: "#1f77b4", values: record.accuracy },
          {
            name: "val_accuracy",
            color: "#ff7f0e",
            values: record.val_accuracy,
          },
        ],
      },
    ],
  });
  const [t0, t1] = layout.titleBand!;
  assert.equal(
    found(p, [0, t0, p.width - 1, t1]),
    textPattern("LeNet-5", 2, true),
  );
  // Panel titles under the figure title, one per half.
  const half = Math.floor(p.width / 2);
  assert.equal(
    found(p, [0, t1 + 4, half - 1, t1 + 30]),
    textPattern("loss", 2),
  );
  assert.equal(
    found(p, [half, t1 + 4, p.width - 1, t1 + 30]),
    textPattern("accuracy", 2),
  );
  // The legend: one swatch per trace, in the trace's colour, in plotly's order.
  assert.deepEqual(
    layout.swatches.map((s) => s.name),
    fig.data.map((t) => t.name),
  );
  for (const s of layout.swatches) {
    const trace = fig.data.find((t) => t.name === s.name)!;
    const color = (trace.line as { color: string }).color;
    assert.deepEqual(pixel(p, s.x, s.y), [...parseColor(color)], s.name);
  }
  // Clear of the axis titles: a blank band between "epoch" and the legend.
  assert.ok(layout.axisTitleBottom < layout.legendTop, JSON.stringify(layout));
  assert.equal(
    inkBox(p, [
      0,
      layout.axisTitleBottom + 1,
      p.width - 1,
      layout.legendTop - 1,
    ], isInk),
    undefined,
  );
  assert.equal(
    found(p, [
      0,
      layout.axisTitleBottom - 20,
      half - 1,
      layout.axisTitleBottom,
    ]),
    textPattern("epoch", 2),
  );
  // Both line colours are drawn inside the plotting areas too.
  for (const color of ["#1f77b4", "#ff7f0e"]) {
    const rgb = [...parseColor(color)];
    assert.ok(
      inkBox(
        p,
        [0, t1, p.width - 1, layout.axisTitleBottom],
        (c) => c.every((v, i) => v === rgb[i]),
      ),
      color,
    );
  }
});

Deno.test("liveHistory's every update carries the PNG of the curves so far", async () => {
  const shown: PlotBundle[] = [];
  const cb = plots.liveHistory({
    display: (b) => void shown.push(b as unknown as PlotBundle),
  });
  await cb.onTrainBegin();
  await cb.onEpochEnd(0, { loss: 0.9, val_loss: 1 });
  await cb.onEpochEnd(1, { loss: 0.5, val_loss: 0.7 });
  assert.equal(shown.length, 3);
  const blue = [...parseColor("#1f77b4")];
  for (const [i, b] of shown.entries()) {
    const p = await png(b);
    const hasBlue = inkBox(p, [0, 0, p.width - 1, p.height - 1], (c) =>
      c.every((v, k) =>
        v === blue[k]
      )) !== undefined;
    // Before the first epoch: empty axes; afterwards lines and a legend.
    assert.equal(hasBlue, i > 0, `update ${i}`);
    assert.ok(inkBox(p, [0, 0, p.width - 1, p.height - 1], isInk), "axes");
  }
});

Deno.test("grids' PNGs: every tile's label above it, the figure title on top", async () => {
  const x = tf.tidy(() => tf.randomUniform([6, 28, 28, 1], 0, 1, "float32", 3));
  const bundle = await plots.digitGrid(x, [5, 0, 4, 1, 9, 2], { cols: 3 });
  const p = await png(bundle);
  // Tiles are 90 px wide from x = 10: an 18 px title band (descenders 4 px
  // further), then the image.
  [5, 0, 4, 1, 9, 2].forEach((label, k) => {
    const x0 = 10 + (k % 3) * 90;
    const y0 = 20 + Math.floor(k / 3) * (90 + 18);
    assert.equal(
      found(p, [x0, y0, x0 + 89, y0 + 21]),
      textPattern(String(label), 2),
      `tile ${k}`,
    );
  });
  const filters = await png(
    await plots.filters(tf.randomNormal([3, 3, 1, 4], 0, 1, "float32", 1)),
  );
  // A narrow figure: its title shrinks to the font's 1× size to fit.
  assert.equal(filters.width, 2 * 90 + 20);
  assert.equal(
    found(filters, [0, 0, filters.width - 1, 40]),
    textPattern("Filters of kernel (3×3)", 1, true),
  );
  const maps = await png(
    await plots.featureMaps(
      (b) => b.tile([1, 1, 1, 16]),
      "copies",
      x.slice([0], [1]),
    ),
  );
  const title = "Feature maps of copies (28×28)";
  const scale = fittingScale(title, maps.width - 20);
  assert.equal(
    found(maps, [0, 0, maps.width - 1, 40]),
    textPattern(fitText(title, maps.width - 20, scale), scale, true),
  );
  const wrong = await png(
    await plots.misclassified(x, [5, 0, 4, 1, 9, 2], [5, 0, 4, 1, 9, 3]),
  );
  assert.equal(
    found(wrong, [10, 20, 99, 41]),
    textPattern("true 2 / pred 3", 1),
  );
  const none = await png(
    await plots.misclassified(x, [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6]),
  );
  assert.equal(
    found(none, [0, 0, none.width - 1, none.height - 1]),
    textPattern("No misclassified images", 2),
  );
  x.dispose();
});

Deno.test("the confusion matrix's PNG: a count in every cell, axis titles, class labels", async () => {
  const yTrue = [0, 0, 0, 1, 1, 2, 2, 2, 2];
  const yPred = [0, 0, 1, 1, 1, 2, 2, 2, 0];
  const bundle = await plots.confusionMatrix(yTrue, yPred, { title: "CM" });
  const p = await png(bundle);
  const counts = plots.confusionCounts(yTrue, yPred);
  const cell = (p.width - 170) / 3;
  const dark = [...viridis(0)];
  const bright = [...viridis(1)];
  const same = (a: number[]) => (c: number[]) => c.every((v, i) => v === a[i]);
  counts.forEach((row, i) =>
    row.forEach((v, j) => {
      const x0 = 76 + j * cell;
      const y0 = 50 + i * cell;
      const region: [number, number, number, number] = [
        x0 + 2,
        y0 + 2,
        x0 + cell - 3,
        y0 + cell - 3,
      ];
      // The number, in the colour that contrasts with the cell.
      const inkOf = v < 2 ? bright : dark;
      assert.equal(
        pattern(p, inkBox(p, region, same(inkOf))!, same(inkOf)),
        textPattern(String(v), 2),
        `cell ${i},${j}`,
      );
    })
  );
  const below = 50 + 3 * cell;
  assert.equal(
    found(p, [0, below + 28, p.width - 1, p.height - 1]),
    textPattern("Predicted label", 2),
  );
  assert.ok(inkBox(p, [0, 50, 30, below], isInk), "True label, turned");
  assert.equal(found(p, [0, 0, p.width - 1, 40]), textPattern("CM", 2, true));
});
