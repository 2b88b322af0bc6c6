import assert from "node:assert/strict";
import { join } from "node:path";
import { checkPages, formatReport } from "../../tools/site/page_check.ts";
import { ROOT } from "../../tools/notebooks/files.ts";
import { tempDir } from "./helpers.ts";

const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==";

Deno.test("headless Chromium sees inline plotly figures draw, images load, and reports page errors", async () => {
  const [dir, cleanup] = await tempDir("pages");
  try {
    const plotly = await Deno.readTextFile(
      join(ROOT, "node_modules", "plotly.js-dist-min", "plotly.min.js"),
    );
    const good = join(dir, "good.html");
    await Deno.writeTextFile(
      good,
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>bien</title></head><body>
<script>${plotly.replace(/<\/(script)/gi, "<\\/$1")}</script>
<div id="a"></div><div id="b"></div>
<img alt="8" src="data:image/png;base64,${PNG}">
<script>Plotly.newPlot("a", [{ y: [1, 2, 3] }]); Plotly.newPlot("b", [{ z: [[1, 2], [3, 4]], type: "heatmap" }]);</script>
</body></html>`,
    );
    const bad = join(dir, "bad.html");
    await Deno.writeTextFile(
      bad,
      `<!DOCTYPE html><html><body>
<img src="https://cdn.example.invalid/x.png">
<div class="cnn-plotly-figure"></div>
<script>noSuchFunction();</script>
<script>console.error("algo salió mal");</script>
</body></html>`,
    );
    const shot = join(dir, "shots", "good.png");
    // The good page returns as soon as its figures drew; the bad one waits
    // the whole (short) time for a figure that never draws.
    const [g, b] = await checkPages([
      { path: good, screenshot: shot },
      { path: bad, expectedPlots: 1, timeoutMs: 5000 },
    ], { timeoutMs: 60_000 });

    assert.deepEqual(g.errors, [], formatReport(g));
    assert.equal(g.plotContainers, 2);
    assert.equal(g.plotsDrawn, 2);
    assert.equal(g.imagesLoaded, 1);
    assert.equal(g.title, "bien");
    const png = await Deno.readFile(shot);
    assert.deepEqual(
      [...png.slice(1, 4)],
      [0x50, 0x4e, 0x47],
      "a PNG screenshot",
    );

    assert.equal(b.plotContainers, 1);
    assert.equal(b.plotsDrawn, 0);
    assert.equal(b.imagesBroken, 1);
    const errors = b.errors.join("\n");
    assert.match(errors, /ReferenceError: noSuchFunction is not defined/);
    assert.match(errors, /console\.error: algo salió mal/);
    assert.match(errors, /ERR_INTERNET_DISCONNECTED.*cdn\.example\.invalid/);
  } finally {
    await cleanup();
  }
});
