// End-to-end: the bundles' HTML, put in one page the way nbconvert does
// (outputs in order, with require.js's AMD `define` present), draws every
// figure offline in a real browser.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { plots } from "cnn/plots/mod.ts";

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
    "nbconvert-like page with AMD define draws every figure with the inlined plotly",
  ignore: chromium === undefined,
  async fn() {
    plots.resetPlotlyLoader();
    const img = tf.tidy(() => tf.linspace(0, 1, 784).reshape([28, 28, 1]));
    const bundles = [
      await plots.imshow(img, { title: 8 }),
      await plots.confusionMatrix([0, 1, 1], [0, 1, 0]),
      await plots.history({ loss: [1, 0.5], val_loss: [0.9, 0.6] }),
    ];
    img.dispose();
    const dir = await Deno.makeTempDir();
    const page = `${dir}/page.html`;
    await Deno.writeTextFile(
      page,
      `<!doctype html><html><head><script>
window.define = function () { throw new Error("Mismatched anonymous define()"); };
window.define.amd = {}; window.require = function () {};
</script></head><body>${
        bundles.map((b) => b["text/html"]).join("\n")
      }</body></html>`,
    );
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
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
