// Saved notebooks stay small and lose nothing on reload: no figure output
// carries plotly.js; every one carries its PNG, also inside its HTML.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { assertIncludes, count, decodePng } from "./helpers.ts";
import { plots } from "cnn/plots/mod.ts";
import { type PlotBundle, PLOTLY_MIME } from "cnn/plots/figure.ts";
import {
  PLOTLY_LOADER_ATTRIBUTE,
  plotlyBundleUrl,
  plotlyLoaderHtml,
  plotlySource,
} from "cnn/host/plotly_loader.ts";

await tf.setBackend("cpu");

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

/** One bundle of every figure helper (and every liveHistory update). */
async function everyFigure(): Promise<[string, PlotBundle][]> {
  const x = tf.tidy(() => tf.randomUniform([4, 8, 8, 1], 0, 1, "float32", 5));
  const live: PlotBundle[] = [];
  const cb = plots.liveHistory({
    display: (b) => void live.push(b as unknown as PlotBundle),
  });
  await cb.onTrainBegin();
  await cb.onEpochEnd(0, { loss: 1, val_loss: 1.2 });
  const out: [string, PlotBundle][] = [
    ["imshow", await plots.imshow([[0, 1], [2, 3]], { title: 8 })],
    ["digitGrid", await plots.digitGrid(x, [1, 2, 3, 4])],
    ["confusionMatrix", await plots.confusionMatrix([0, 1, 1], [0, 1, 0])],
    ["misclassified", await plots.misclassified(x, [1, 2, 3, 4], [1, 0, 3, 4])],
    [
      "misclassified (none)",
      await plots.misclassified(x, [1, 2, 3, 4], [1, 2, 3, 4]),
    ],
    ["filters", await plots.filters(tf.ones([3, 3, 1, 2]))],
    [
      "featureMaps",
      await plots.featureMaps(
        (b) => b.tile([1, 1, 1, 3]),
        "t",
        x.slice([0], [1]),
      ),
    ],
    ["history", await plots.history({ loss: [1, 0.5], val_loss: [1.1, 0.7] })],
    ...live.map((b, i): [string, PlotBundle] => [`liveHistory #${i}`, b]),
  ];
  x.dispose();
  return out;
}

Deno.test("every figure's bundle has its PNG, at the figure's size, also inside its HTML", async () => {
  for (const [name, b] of await everyFigure()) {
    const png = b["image/png"];
    assert.equal(typeof png, "string", name);
    const picture = await decodePng(png!);
    const layout = b[PLOTLY_MIME].layout;
    assert.deepEqual(
      [picture.width, picture.height],
      [layout.width, layout.height],
      name,
    );
    // Sanitizers drop the script and keep this <img>: untrusted views show the PNG.
    assertIncludes(b["text/html"], `<img src="data:image/png;base64,${png}"`);
  }
});

// The sanitizer Debian's classic Notebook (and JupyterLab) applies to
// text/html of an untrusted notebook, before display_order would reach
// image/png: the figure must still show its PNG through it.
const SANITIZER =
  "/usr/lib/python3/dist-packages/notebook/static/components/sanitizer/index.js";
const sanitizerSource = await Deno.readTextFile(SANITIZER).catch(() => null);

Deno.test({
  name:
    "an untrusted notebook's sanitized HTML of every figure still shows its PNG",
  ignore: sanitizerSource === null,
  async fn() {
    let sanitizer:
      | { sanitize(html: string, o: Record<string, unknown>): string }
      | undefined;
    // The bundle is an AMD module: define(() => exports).
    new Function("define", sanitizerSource!)(
      (factory: () => { defaultSanitizer: typeof sanitizer }) => {
        sanitizer = factory().defaultSanitizer;
      },
    );
    for (const [name, b] of await everyFigure()) {
      // security.sanitize_html(html, false), as outputarea.js calls it.
      const safe = sanitizer!.sanitize(b["text/html"], { allowedStyles: {} });
      assert.equal(/<script/i.test(safe), false, name);
      assertIncludes(
        safe,
        `<img src="data:image/png;base64,${b["image/png"]}"`,
      );
    }
  },
});

Deno.test("no output carries plotly.js: each figure is small, one script, nothing external", async () => {
  const src = await plotlySource();
  // A piece from the middle of plotly's source, not only its header comment.
  const piece = src.slice(src.length / 2, src.length / 2 + 200);
  for (const [name, b] of await everyFigure()) {
    const json = JSON.stringify(b);
    assert.equal(json.includes(piece), false, name);
    assert.equal(json.includes(PLOTLY_LOADER_ATTRIBUTE), false, name);
    assert.equal(/plotly\.js v\d/.test(json), false, name);
    assert.ok(json.length < 200_000, `${name}: ${json.length} characters`);
    const html = b["text/html"];
    assertIncludes(html, "Plotly.newPlot");
    assertIncludes(html, "cnnLoadServedPlotly(");
    // Offline: no external scripts, no CDN, no local file references.
    assert.equal(/<script[^>]*\ssrc=/i.test(html), false, name);
    assert.equal(/https?:|file:/.test(html), false, name);
    assert.equal(count(html, "<script"), 1, name);
  }
});

Deno.test("the page loader hides AMD define so plotly attaches to window.Plotly", () => {
  const html = plotlyLoaderHtml("/** plotly.js v9.9.9 */ var s = '</script>';");
  assert.match(
    html,
    /^<script type="text\/javascript" data-cnn-plotly-loader="9\.9\.9">/,
  );
  assertIncludes(html, "(function (define, module, exports) {");
  assertIncludes(html, "if (!window.Plotly)");
  // A literal </script> inside the source must not close the element.
  assert.equal(count(html, "</script>"), 1);
  assertIncludes(html, "<\\/script>");
});
