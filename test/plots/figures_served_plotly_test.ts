import assert from "node:assert/strict";
import { join, normalize } from "node:path";
import { makeBundle } from "../../lib/plots/bundle.ts";
import {
  PLOTLY_MISSING_NOTE,
  SERVED_URL_JS,
  servedPlotlyPath,
} from "../../lib/plots/plotly_served.ts";
import { checkPages, formatReport } from "../../tools/page_check.ts";
import { ROOT } from "../../tools/notebook_files.ts";

const served = (rel: string, pathname: string): string | null =>
  new Function(`${SERVED_URL_JS}; return cnnServedPlotlyUrl;`)()(rel, {
    pathname,
  });

Deno.test("the served copy's URL follows the page: classic Notebook, JupyterLab, Notebook 7, base URLs", () => {
  const rel = "../node_modules/plotly.js-dist-min/plotly.min.js";
  assert.equal(
    served(rel, "/notebooks/notebooks/02_lenet.ipynb"),
    "/files/notebooks/../node_modules/plotly.js-dist-min/plotly.min.js",
  );
  assert.equal(
    served(rel, "/user/ana/lab/tree/curso/notebooks/02_lenet.ipynb"),
    "/user/ana/files/curso/notebooks/../node_modules/plotly.js-dist-min/plotly.min.js",
  );
  assert.equal(
    served("x.js", "/doc/tree/01.ipynb"),
    "/files/x.js",
  );
  // nbconvert HTML and static viewers: no server copy to fetch.
  assert.equal(served(rel, "/site/02_lenet.html"), null);
  assert.equal(served("", "/notebooks/a.ipynb"), null);
});

Deno.test("figures say in Spanish what to do when plotly.js cannot be loaded", async () => {
  const bundle = await makeBundle({
    figure: { data: [{ type: "scatter", y: [1, 2] }], layout: {} },
    text: "t",
    summary: "<fig>",
  }, "");
  const html = bundle["text/html"] as string;
  assert.match(html, /Restart &amp; Run All \(Reiniciar y ejecutar todo\)/);
  assert.ok(html.includes(PLOTLY_MISSING_NOTE));
  assert.doesNotMatch(html, /plotly\.js is not loaded/);
  assert.equal(
    servedPlotlyPath(join(ROOT, "notebooks")),
    "../node_modules/plotly.js-dist-min/plotly.min.js",
  );
});

Deno.test("figures whose embedded plotly.js was lost draw from the server's copy, also under require.js", async () => {
  // Figures as a second Run All leaves them: no loader in any output. The
  // kernel's folder is the notebook's (here the test's cwd, the repository
  // root), so the page is /notebooks/<name> at the server's root.
  const figures = [];
  for (let i = 0; i < 2; i++) {
    const b = await makeBundle({
      figure: {
        data: [{ type: "scatter", y: [1, 2, i] }],
        layout: { width: 300, height: 200 },
      },
      text: "t",
      summary: `<fig ${i}>`,
    }, "");
    figures.push(b["text/html"] as string);
  }
  assert.ok(figures.every((f) => !f.includes("data-cnn-plotly-loader")));
  // The classic Notebook loads require.js: an AMD `define` on the page.
  const page =
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>nb</title><link rel="icon" href="data:,">
<script>window.define = function () { throw new Error("anonymous define"); }; window.define.amd = {};</script>
</head><body>${figures.join("\n")}</body></html>`;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req) => {
      const path = decodeURIComponent(new URL(req.url).pathname);
      if (path === "/notebooks/02_lenet.ipynb") {
        return new Response(page, { headers: { "content-type": "text/html" } });
      }
      if (path.startsWith("/files/")) {
        const file = normalize(join(ROOT, path.slice("/files/".length)));
        if (!file.startsWith(ROOT + "/")) {
          return new Response("outside", { status: 403 });
        }
        try {
          return new Response(await Deno.readFile(file), {
            headers: { "content-type": "text/javascript" },
          });
        } catch {
          return new Response("missing", { status: 404 });
        }
      }
      return new Response("not found", { status: 404 });
    },
  );
  try {
    const url = `http://127.0.0.1:${server.addr.port}/notebooks/02_lenet.ipynb`;
    const [report] = await checkPages([
      {
        path: "02_lenet.ipynb (served)",
        url,
        expectedPlots: 2,
        screenshot: join(ROOT, "build", "screenshots", "served_plotly.png"),
      },
    ], { timeoutMs: 30_000 });
    assert.equal(report.plotContainers, 2, formatReport(report));
    assert.equal(report.plotsDrawn, 2, formatReport(report));
    assert.deepEqual(report.errors, [], formatReport(report));
  } finally {
    await server.shutdown();
  }
});
