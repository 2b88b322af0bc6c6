// End-to-end: the bundles' HTML, put in one page the way nbconvert does
// (outputs in order, with require.js's AMD `define` present) and given
// plotly.js once as the site renderer does, draws every figure offline in a
// real browser, with the history legend clear of the axis titles.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { plots } from "cnn/plots/mod.ts";
import {
  PLOTLY_LOADER_ATTRIBUTE,
  plotlyLoaderHtml,
  plotlySource,
} from "cnn/host/plotly_loader.ts";
import { inlinePlotly } from "../../tools/site/offline_html.ts";

await tf.setBackend("cpu");

async function findChromium(): Promise<string | undefined> {
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    try {
      const { success } = await new Deno.Command("which", {
        args: [name],
        stdout: "null",
      }).output();
      if (success) return name;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const chromium = await findChromium();

Deno.test({
  name:
    "nbconvert-like page with AMD define draws every figure with the page's one plotly.js",
  ignore: chromium === undefined,
  async fn() {
    const img = tf.tidy(() => tf.linspace(0, 1, 784).reshape([28, 28, 1]));
    const bundles = [
      await plots.imshow(img, { title: 8 }),
      await plots.confusionMatrix([0, 1, 1], [0, 1, 0]),
      await plots.history({
        loss: [1, 0.5],
        val_loss: [0.9, 0.6],
        accuracy: [0.5, 0.8],
        val_accuracy: [0.6, 0.85],
      }, { title: "LeNet" }),
    ];
    img.dispose();
    const dir = await Deno.makeTempDir();
    const page = `${dir}/page.html`;
    // Once drawn: does any legend box overlap an x-axis title box?
    const probe = `<script>setTimeout(function () {
  var fig = document.querySelectorAll(".js-plotly-plot")[2];
  var legend = fig && fig.querySelector(".legend");
  var titles = fig ? [...fig.querySelectorAll(".g-xtitle, .g-x2title")] : [];
  if (!legend || titles.length !== 2) return document.body.setAttribute("data-overlap", "missing");
  var a = legend.getBoundingClientRect();
  var hit = titles.some(function (t) {
    var b = t.getBoundingClientRect();
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  });
  document.body.setAttribute("data-overlap", hit ? "yes" : "none");
}, 2000);</script>`;
    const html = inlinePlotly(
      `<!doctype html><html><head><script>
window.define = function () { throw new Error("Mismatched anonymous define()"); };
window.define.amd = {}; window.require = function () {};
</script></head><body>${
        bundles.map((b) => b["text/html"]).join("\n")
      }${probe}</body></html>`,
      plotlyLoaderHtml(await plotlySource()),
      PLOTLY_LOADER_ATTRIBUTE,
    );
    assert.equal(html.split(PLOTLY_LOADER_ATTRIBUTE).length - 1, 1);
    await Deno.writeTextFile(page, html);
    try {
      const { stdout } = await new Deno.Command(chromium!, {
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          `--user-data-dir=${dir}/profile`,
          "--virtual-time-budget=5000",
          "--dump-dom",
          `file://${page}`,
        ],
        stdout: "piped",
        stderr: "null",
      }).output();
      const dom = new TextDecoder().decode(stdout);
      assert.deepEqual(
        dom.split('class="plot-container plotly"').length - 1,
        3,
      );
      assert.deepEqual(dom.includes('data-unformatted="8"'), true);
      assert.match(dom, /data-overlap="none"/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
