import assert from "node:assert/strict";
import { assertIncludes } from "./helpers.ts";
import { plots } from "cnn/plots/mod.ts";
import {
  PLOTLY_LOADER_ATTRIBUTE,
  plotlyBundleUrl,
  plotlyLoaderEmitted,
  plotlyLoaderHtml,
  plotlySource,
} from "cnn/plots/plotly_loader.ts";

const count = (text: string, needle: string) => text.split(needle).length - 1;

Deno.test("plotly.js is read from the pinned npm package on disk", async () => {
  const url = plotlyBundleUrl();
  assert.deepEqual(url.protocol, "file:");
  assertIncludes(url.pathname, "plotly.js-dist-min");
  const deno = JSON.parse(
    await Deno.readTextFile(new URL("../../deno.json", import.meta.url)),
  );
  const pinned =
    /@(\d+\.\d+\.\d+)$/.exec(deno.imports["plotly.js-dist-min"])![1];
  const src = await plotlySource();
  assertIncludes(src.slice(0, 200), `plotly.js v${pinned}`);
  assert.ok(src.length > 1_000_000, "the full minified bundle");
});

Deno.test("only the first figure of a session carries the loader", async () => {
  plots.resetPlotlyLoader();
  const first = await plots.imshow([[0, 1], [2, 3]], { title: "a" });
  const second = await plots.imshow([[0, 1], [2, 3]], { title: "b" });
  const third = await plots.history({ loss: [1, 0.5] });
  assert.deepEqual(count(first["text/html"], PLOTLY_LOADER_ATTRIBUTE), 1);
  assertIncludes(first["text/html"], "window.Plotly");
  assert.deepEqual(count(second["text/html"], PLOTLY_LOADER_ATTRIBUTE), 0);
  assert.deepEqual(count(third["text/html"], PLOTLY_LOADER_ATTRIBUTE), 0);
  for (const b of [first, second, third]) {
    assertIncludes(b["text/html"], "Plotly.newPlot");
    // What surrounds the inlined plotly.js (which mentions its CDN in options
    // for geo maps only) must not fetch anything.
    const own = b["text/html"].replace(
      /<script[^>]*data-cnn-plotly-loader[\s\S]*?<\/script>/,
      "",
    );
    // Offline: no external scripts, no CDN, no local file references.
    assert.deepEqual(/<script[^>]*\ssrc=/i.test(b["text/html"]), false);
    assert.deepEqual(/https?:|file:/.test(own), false);
  }
  assert.ok(second["text/html"].length < 100_000, "later figures stay small");
  assert.ok(plotlyLoaderEmitted());
  plots.resetPlotlyLoader();
  const again = await plots.imshow([[1]]);
  assert.deepEqual(count(again["text/html"], PLOTLY_LOADER_ATTRIBUTE), 1);
});

Deno.test("concurrent first figures still inline plotly only once", async () => {
  plots.resetPlotlyLoader();
  const bundles = await Promise.all(
    [1, 2, 3].map((i) => plots.imshow([[i, 0], [0, i]])),
  );
  const loaders = bundles.map((b) =>
    count(b["text/html"], PLOTLY_LOADER_ATTRIBUTE)
  );
  assert.deepEqual(loaders.reduce((a, b) => a + b), 1);
});

Deno.test("the loader hides AMD define so plotly attaches to window.Plotly", () => {
  const html = plotlyLoaderHtml("/** plotly.js v9.9.9 */ var s = '</script>';");
  assert.match(
    html,
    /^<script type="text\/javascript" data-cnn-plotly-loader="9\.9\.9">/,
  );
  assertIncludes(html, "(function (define, module, exports) {");
  assertIncludes(html, "if (!window.Plotly)");
  // A literal </script> inside the source must not close the element.
  assert.deepEqual(count(html, "</script>"), 1);
  assertIncludes(html, "<\\/script>");
});
