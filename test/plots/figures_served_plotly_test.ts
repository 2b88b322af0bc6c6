import assert from "node:assert/strict";
import { join, normalize } from "node:path";
import { makeBundle } from "../../lib/plots/bundle.ts";
import {
  PLOTLY_NOT_SERVED_NOTE,
  PLOTLY_UNAVAILABLE_NOTE,
  SERVED_URL_JS,
  servedPlotlyPath,
} from "../../lib/host/plotly_served.ts";
import { Canvas } from "../../lib/plots/raster/canvas.ts";
import { checkPages, formatReport } from "../../tools/site/page_check.ts";
import { ROOT } from "../../tools/notebooks/files.ts";

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

const PNG = new Canvas(4, 3).toPng();

/** Figures as a notebook saved after any Run All holds them: no plotly.js in any. */
function figures(n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    makeBundle({
      figure: {
        data: [{ type: "scatter", y: [1, 2, i] }],
        layout: { width: 300, height: 200 },
      },
      png: PNG,
      text: "t",
      summary: `<fig ${i}>`,
    })["text/html"] as string);
}

// The classic Notebook loads require.js: an AMD `define` on the page.
const notebookPage = (body: string[]) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>nb</title><link rel="icon" href="data:,">
<script>window.define = function () { throw new Error("anonymous define"); }; window.define.amd = {};</script>
</head><body>${body.join("\n")}</body></html>`;

/**
 * Serves `page` at /notebooks/02_lenet.ipynb and /site/02_lenet.html and the
 * repository under /files/ (unless `files` is false: a server that does not
 * reach node_modules), counting the /files/ requests.
 */
function serve(page: string, files = true) {
  const hits = { files: 0 };
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req) => {
      const path = decodeURIComponent(new URL(req.url).pathname);
      if (
        path === "/notebooks/02_lenet.ipynb" || path === "/site/02_lenet.html"
      ) {
        return new Response(page, { headers: { "content-type": "text/html" } });
      }
      if (path.startsWith("/files/")) {
        hits.files += 1;
        const file = normalize(join(ROOT, path.slice("/files/".length)));
        if (!files || !file.startsWith(ROOT + "/")) {
          return new Response("outside", { status: 404 });
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
  return {
    server,
    hits,
    url: (p: string) => `http://127.0.0.1:${server.addr.port}${p}`,
  };
}

/** The DOM of `url` after its scripts ran, from headless Chromium. */
async function dumpDom(url: string): Promise<string> {
  const dir = await Deno.makeTempDir();
  try {
    const { stdout } = await new Deno.Command("chromium", {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        `--user-data-dir=${dir}/profile`,
        "--virtual-time-budget=8000",
        "--dump-dom",
        url,
      ],
      stdout: "piped",
      stderr: "null",
    }).output();
    return new TextDecoder().decode(stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("the notes under a figure that cannot draw are Spanish and name what works", () => {
  const html = figures(1)[0];
  for (const note of [PLOTLY_UNAVAILABLE_NOTE, PLOTLY_NOT_SERVED_NOTE]) {
    // In the script as JSON, with "<" escaped so it cannot end the element.
    const inScript = JSON.stringify(note).slice(1, -1).replace(/</g, "\\u003c");
    assert.ok(html.includes(inScript), note);
  }
  assert.match(PLOTLY_UNAVAILABLE_NOTE, /abre el cuaderno en Jupyter/);
  assert.match(
    PLOTLY_NOT_SERVED_NOTE,
    /Ejecuta <code>deno install<\/code>.*recarga la página/,
  );
  assert.doesNotMatch(html, /plotly\.js is not loaded|run the notebook again/);
  assert.equal(
    servedPlotlyPath(join(ROOT, "notebooks")),
    "../node_modules/plotly.js-dist-min/plotly.min.js",
  );
});

Deno.test("figures draw from the server's copy, fetched once for all of them, also under require.js", async () => {
  // The kernel's folder is the notebook's (here the test's cwd, the
  // repository root), so the page is /notebooks/<name> at the server's root.
  const shown = figures(3);
  assert.ok(shown.every((f) => !f.includes("data-cnn-plotly-loader")));
  const { server, hits, url } = serve(notebookPage(shown));
  try {
    const [report] = await checkPages([
      {
        path: "02_lenet.ipynb (served)",
        url: url("/notebooks/02_lenet.ipynb"),
        expectedPlots: 3,
        screenshot: join(ROOT, "build", "screenshots", "served_plotly.png"),
      },
    ], { timeoutMs: 30_000 });
    assert.equal(report.plotContainers, 3, formatReport(report));
    assert.equal(report.plotsDrawn, 3, formatReport(report));
    assert.deepEqual(report.errors, [], formatReport(report));
    assert.equal(hits.files, 1, "one fetch of plotly.js for the whole page");
  } finally {
    await server.shutdown();
  }
});

Deno.test({
  name:
    "where plotly.js cannot be had, the figure keeps its PNG and says in Spanish what works",
  ignore: !(await Deno.stat("/usr/bin/chromium").catch(() => null)),
  async fn() {
    const { server, url } = serve(notebookPage(figures(2)), false);
    try {
      // A Jupyter page whose server does not reach node_modules.
      const notServed = await dumpDom(url("/notebooks/02_lenet.ipynb"));
      // A page that is no notebook server's (a saved or converted copy).
      const elsewhere = await dumpDom(url("/site/02_lenet.html"));
      for (
        const [dom, note, other] of [
          [notServed, PLOTLY_NOT_SERVED_NOTE, PLOTLY_UNAVAILABLE_NOTE],
          [elsewhere, PLOTLY_UNAVAILABLE_NOTE, PLOTLY_NOT_SERVED_NOTE],
        ]
      ) {
        // Shown: the rendered element (the scripts hold it only as JSON).
        const shown = (n: string) =>
          `<p class="cnn-plotly-missing">${n.slice(0, 40)}`;
        assert.equal(dom.split(shown(note)).length - 1, 2, dom.slice(-3000));
        assert.equal(dom.includes(shown(other)), false);
        assert.equal(
          dom.split('<img src="data:image/png;base64,').length - 1,
          2,
        );
        assert.equal(dom.includes("main-svg"), false);
      }
    } finally {
      await server.shutdown();
    }
  },
});
