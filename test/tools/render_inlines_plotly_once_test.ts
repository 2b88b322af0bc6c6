// The rendered site has no Jupyter server to fetch plotly.js from, and the
// figures' outputs carry none: every page with figures gets one copy.
import assert from "node:assert/strict";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { plots } from "../../lib/plots/mod.ts";
import {
  PLOTLY_LOADER_ATTRIBUTE,
  plotlySource,
} from "../../lib/host/plotly_loader.ts";
import {
  externalResources,
  inlinePlotly,
} from "../../tools/site/offline_html.ts";
import { checkPages, formatReport } from "../../tools/site/page_check.ts";
import { renderSite } from "../../tools/site/render.ts";
import { ROOT } from "../../tools/notebooks/files.ts";
import { tempDir } from "./helpers.ts";

await tf.setBackend("cpu");

/** An executed notebook as the executor saves it: a heading and outputs. */
function notebook(title: string, outputs: Record<string, unknown>[]) {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: "deno",
        display_name: "Deno",
        language: "typescript",
      },
    },
    cells: [
      { cell_type: "markdown", id: "t", metadata: {}, source: `# ${title}` },
      {
        cell_type: "code",
        id: "c",
        metadata: {},
        source: "await plots.imshow(x);",
        execution_count: 1,
        outputs: outputs.map((data) => ({
          output_type: "display_data",
          metadata: {},
          data,
        })),
      },
    ],
  });
}

Deno.test("every rendered page with figures carries plotly.js once, and they draw offline", async () => {
  const [dir, cleanup] = await tempDir("inline-plotly");
  try {
    const figures = [
      await plots.imshow([[0, 1], [1, 0]], { title: 8 }),
      await plots.history({ loss: [1, 0.5], val_loss: [1.2, 0.7] }),
    ];
    const withFigures = join(dir, "figuras.ipynb");
    const without = join(dir, "texto.ipynb");
    await Deno.writeTextFile(
      withFigures,
      notebook("Figuras", figures as unknown as Record<string, unknown>[]),
    );
    await Deno.writeTextFile(
      without,
      notebook("Texto", [{ "text/plain": "hola" }]),
    );
    const site = join(dir, "site");
    const pages = await renderSite({ curso: [withFigures, without] }, site);
    const src = await plotlySource();
    const piece = src.slice(src.length / 2, src.length / 2 + 200);
    const [figPage, textPage] = await Promise.all(
      pages.map((p) => Deno.readTextFile(p.path)),
    );
    assert.equal(figPage.split(PLOTLY_LOADER_ATTRIBUTE).length - 1, 1);
    // As often as in plotly's own source (this piece repeats in it): one copy.
    assert.equal(figPage.split(piece).length, src.split(piece).length);
    // Before the figures' scripts, which look for window.Plotly.
    assert.ok(
      figPage.indexOf(PLOTLY_LOADER_ATTRIBUTE) <
        figPage.indexOf('class="cnn-plotly-figure"'),
    );
    assert.equal(textPage.includes(PLOTLY_LOADER_ATTRIBUTE), false);
    assert.equal(textPage.includes(piece), false);
    assert.deepEqual(externalResources(figPage), []);
    const [report] = await checkPages([{
      path: pages[0].path,
      screenshot: join(ROOT, "build", "screenshots", "inline_plotly.png"),
    }]);
    assert.equal(report.plotContainers, 2, formatReport(report));
    assert.equal(report.plotsDrawn, 2, formatReport(report));
    assert.deepEqual(report.errors, [], formatReport(report));
  } finally {
    await cleanup();
  }
});

Deno.test("inlinePlotly: only pages with figures, never twice, and only nbconvert pages", () => {
  const loader = `<script ${PLOTLY_LOADER_ATTRIBUTE}="1">var $& = 1;</script>`;
  const page =
    `<html><head><title>x</title></head><body><div class="cnn-plotly-figure"></div></body></html>`;
  const once = inlinePlotly(page, loader, PLOTLY_LOADER_ATTRIBUTE);
  assert.equal(
    once,
    page.replace("<head>", () => `<head>\n${loader}`),
    "placed verbatim ($& untouched) at the top of <head>",
  );
  assert.equal(inlinePlotly(once, loader, PLOTLY_LOADER_ATTRIBUTE), once);
  const plain = "<html><head></head><body>texto</body></html>";
  assert.equal(inlinePlotly(plain, loader, PLOTLY_LOADER_ATTRIBUTE), plain);
  assert.throws(
    () =>
      inlinePlotly(
        '<div class="cnn-plotly-figure"></div>',
        loader,
        PLOTLY_LOADER_ATTRIBUTE,
      ),
    /no <head>/,
  );
});
