import assert from "node:assert/strict";
import { join } from "node:path";
import {
  describeFailure,
  executeNotebooks,
} from "../../tools/notebooks/execute.ts";
import {
  externalResources,
  stripExternalLoaders,
} from "../../tools/site/offline_html.ts";
import { checkPages, formatReport } from "../../tools/site/page_check.ts";
import { renderSite } from "../../tools/site/render.ts";
import { notebookTitle } from "../../tools/site/site_index.ts";
import { readNotebook, ROOT } from "../../tools/notebooks/files.ts";
import { fixture, into, tempDir } from "./helpers.ts";

Deno.test("executed notebooks render to an offline site whose pages draw in Chromium", async () => {
  const [dir, cleanup] = await tempDir("site");
  try {
    const executed = join(dir, "executed");
    const results = await executeNotebooks(
      ["prints", "plotly_figure", "rich_display"].map(fixture),
      { outputPath: into(executed) },
    );
    for (const r of results) assert.ok(r.ok, describeFailure(r));
    const site = join(dir, "site");
    // An old site is replaced as a whole.
    await Deno.mkdir(site);
    await Deno.writeTextFile(join(site, "viejo.html"), "old");

    const pages = await renderSite({
      curso: [
        join(executed, "prints.ipynb"),
        join(executed, "plotly_figure.ipynb"),
      ],
      ejercicios: [join(executed, "rich_display.ipynb")],
      soluciones: [join(executed, "rich_display.ipynb")],
    }, site);

    assert.deepEqual(pages.map((p) => [p.section, p.href, p.title]), [
      ["curso", "prints.html", "Imprimir y calcular"],
      ["curso", "plotly_figure.html", "Una figura de plotly"],
      ["ejercicios", "ejercicios/rich_display.html", "Salida enriquecida"],
      ["soluciones", "soluciones/rich_display.html", "Salida enriquecida"],
    ]);
    await assert.rejects(Deno.stat(join(site, "viejo.html")));
    const index = await Deno.readTextFile(join(site, "index.html"));
    assert.match(
      index,
      /<h2>Curso<\/h2>\n<ol>\n<li><a href="prints.html">Imprimir y calcular<\/a><\/li>\n<li><a href="plotly_figure.html">Una figura de plotly<\/a><\/li>/,
    );
    assert.match(
      index,
      /<h2>Ejercicios<\/h2>\n<ol>\n<li><a href="ejercicios\/rich_display.html">/,
    );
    assert.match(
      index,
      /<h2>Soluciones<\/h2>\n<ol>\n<li><a href="soluciones\/rich_display.html">/,
    );

    for (const p of pages) {
      const html = await Deno.readTextFile(p.path);
      assert.deepEqual(externalResources(html), [], p.href);
      assert.doesNotMatch(
        html,
        /file:\/\/\/usr\/share|cdnjs|cdn\.jsdelivr/,
        p.href,
      );
    }

    const shots = join(ROOT, "build", "screenshots", "tools-fixtures");
    const reports = await checkPages([
      ...pages.map((p) => ({
        path: p.path,
        screenshot: join(shots, p.href.replace("/", "_") + ".png"),
      })),
      { path: join(site, "index.html") },
    ]);
    for (const r of reports) assert.deepEqual(r.errors, [], formatReport(r));
    const plot = reports[1];
    assert.equal(plot.plotContainers, 1, formatReport(plot));
    assert.equal(plot.plotsDrawn, 1, formatReport(plot));
    assert.equal(plot.imagesLoaded, 1, "the digit picture");
    assert.equal(reports[2].imagesLoaded, 1);
  } finally {
    await cleanup();
  }
});

Deno.test("nbconvert's require.js and MathJax loaders are removed; remaining external resources are listed", () => {
  const page =
    `<head><title>x</title><script src="file:///usr/share/javascript/requirejs/require.min.js"></script>
<!-- Load mathjax -->
    <script src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/latest.js?config=TeX-AMS_CHTML-full,Safe"> </script>
    <!-- MathJax configuration -->
    <script type="text/x-mathjax-config">MathJax.Hub.Config({});</script>
    <!-- End of mathjax configuration --></head><body><a href="https://keras.io">Keras</a></body>`;
  const clean = stripExternalLoaders(page);
  assert.equal(
    clean,
    `<head><title>x</title></head><body><a href="https://keras.io">Keras</a></body>`,
  );
  assert.deepEqual(externalResources(clean), []);
  assert.deepEqual(
    externalResources(
      `<link rel="stylesheet" href="//fonts.example/css"><style>@import "https://x/y.css"; b { background: url(file:///usr/share/a.png) }</style><img src="data:image/png;base64,AA"><img src="img/local.png">`,
    ),
    [
      { kind: "link", url: "//fonts.example/css" },
      { kind: "css-url", url: "file:///usr/share/a.png" },
      { kind: "css-import", url: "https://x/y.css" },
    ],
  );
});

Deno.test("a chapter's title is its first Markdown heading", async () => {
  const nb = await readNotebook(fixture("rich_display"));
  assert.equal(notebookTitle(nb, "x"), "Salida enriquecida");
  nb.cells[0].source = "Texto\n\n## **Capítulo** [dos](https://a.b)  \n";
  assert.equal(notebookTitle(nb, "x"), "Capítulo dos");
  nb.cells = [];
  nb.metadata.title = "Del metadato";
  assert.equal(notebookTitle(nb, "x"), "Del metadato");
  delete nb.metadata.title;
  assert.equal(notebookTitle(nb, "respaldo"), "respaldo");
});
