import assert from "node:assert/strict";
import { join } from "node:path";
import { expectedFigures, pageProblems } from "../../tools/site/check_site.ts";
import type { PageReport } from "../../tools/site/page_check.ts";
import { checkPages } from "../../tools/site/page_check.ts";
import { ROOT } from "../../tools/notebooks/files.ts";
import { tempDir } from "./helpers.ts";

const PLOTLY = "application/vnd.plotly.v1+json";

function report(over: Partial<PageReport>): PageReport {
  return {
    path: "x.html",
    plotContainers: 1,
    plotsDrawn: 1,
    imagesLoaded: 0,
    imagesBroken: 0,
    pictureTitles: [],
    errors: [],
    title: "",
    ...over,
  };
}

Deno.test("the site check expects every titled picture of the executed notebook to draw", async () => {
  const [dir, cleanup] = await tempDir("pictures");
  try {
    const nb = join(dir, "01_datos.ipynb");
    const heatmap = {
      data: [{ type: "heatmap", z: [[0, 1]] }],
      layout: { title: { text: "8" } },
    };
    const grid = {
      data: [{ type: "heatmap" }, { type: "heatmap" }],
      layout: {},
    };
    await Deno.writeTextFile(
      nb,
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [{
          cell_type: "code",
          id: "a",
          metadata: {},
          source: "",
          execution_count: 1,
          outputs: [
            { output_type: "display_data", data: { [PLOTLY]: heatmap } },
            { output_type: "display_data", data: { [PLOTLY]: grid } },
          ],
        }],
      }),
    );
    const expected = await expectedFigures(nb);
    assert.deepEqual(expected, { plots: 2, pictures: ["8"] });

    assert.deepEqual(
      pageProblems(
        report({ plotsDrawn: 2, pictureTitles: ["8", ""] }),
        expected,
      ),
      [],
    );
    assert.deepEqual(
      pageProblems(report({ plotsDrawn: 2, pictureTitles: [""] }), expected),
      ['the picture titled "8" did not draw'],
    );
  } finally {
    await cleanup();
  }
});

Deno.test("headless Chromium reports the titles of drawn heatmap pictures", async () => {
  const [dir, cleanup] = await tempDir("pictures-page");
  try {
    const plotly = await Deno.readTextFile(
      join(ROOT, "node_modules", "plotly.js-dist-min", "plotly.min.js"),
    );
    const page = join(dir, "digit.html");
    await Deno.writeTextFile(
      page,
      `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<script>${plotly.replace(/<\/(script)/gi, "<\\/$1")}</script>
<div id="a"></div><div id="b"></div>
<script>
Plotly.newPlot("a", [{ z: [[0, 1], [1, 0]], type: "heatmap" }], { title: { text: "8" } });
Plotly.newPlot("b", [{ y: [1, 2] }], { title: { text: "curva" } });
</script>
</body></html>`,
    );
    const [r] = await checkPages([{ path: page }], { timeoutMs: 10000 });
    assert.equal(r.plotsDrawn, 2);
    assert.deepEqual(r.pictureTitles, ["8"]);
  } finally {
    await cleanup();
  }
});
