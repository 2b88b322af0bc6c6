import assert from "node:assert/strict";
import { assertIncludes, assertRejects } from "./helpers.ts";
import * as tf from "@tensorflow/tfjs";
import { decode } from "fast-png";
import { plots } from "cnn/plots/mod.ts";
import { PLOTLY_MIME, type PlotlyTrace } from "cnn/plots/figure.ts";

await tf.setBackend("cpu");

function decodePng(b64: string) {
  return decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
}

Deno.test("imshow of a [28, 28, 1] tensor: viridis heatmap, reversed y, title 8", async () => {
  const before = tf.memory().numTensors;
  const img = tf.tidy(() => tf.range(0, 784).div(783).reshape([28, 28, 1]));
  const values = await img.data();
  const bundle = await plots.imshow(img, { title: 8 });
  img.dispose();
  assert.deepEqual(tf.memory().numTensors, before, "no tensor leaks");
  const fig = bundle[PLOTLY_MIME];
  // The bundle is plain JSON (what Jupyter stores).
  assert.deepEqual(JSON.parse(JSON.stringify(fig)), fig);
  assert.deepEqual(fig.data.length, 1);
  const trace = fig.data[0] as PlotlyTrace & { z: number[][] };
  assert.deepEqual(trace.type, "heatmap");
  assert.deepEqual(trace.colorscale, "Viridis");
  assert.deepEqual(trace.z.length, 28);
  assert.deepEqual(trace.z.every((row) => row.length === 28), true);
  assert.deepEqual(trace.z[0][0], 0);
  assert.deepEqual(trace.z[27][27], 1);
  assert.deepEqual(trace.z[1][2], Number(values[30].toPrecision(6)));
  assert.ok(Math.abs(trace.z[1][2] - 30 / 783) < 1e-6);
  assert.deepEqual((fig.layout.title as { text: string }).text, "8");
  assert.deepEqual(
    (fig.layout.yaxis as { autorange: string }).autorange,
    "reversed",
  );
  assertIncludes(bundle["text/plain"], 'imshow "8": 28×28');
});

Deno.test("imshow's PNG decodes to an enlarged viridis picture at the figure's size", async () => {
  const bundle = await plots.imshow(
    [[0, 0.5], [0.5, 1]],
    { title: "tiny", show: false },
  );
  const png = decodePng(bundle["image/png"]!);
  assert.deepEqual(png.channels, 3);
  assert.deepEqual([png.width, png.height], [420, 420]);
  const where = (rgb: number[]) => {
    let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const i = (y * png.width + x) * 3;
        if (rgb.every((v, k) => png.data[i + k] === v)) {
          [x0, y0] = [Math.min(x0, x), Math.min(y0, y)];
          [x1, y1] = [Math.max(x1, x), Math.max(y1, y)];
        }
      }
    }
    return [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
  };
  // The minimum (top-left) in viridis's first colour, the maximum
  // (bottom-right) in its last: equal squares of a whole-pixel enlargement.
  const [ax, ay, aw, ah] = where([0x44, 0x01, 0x54]);
  const [bx, by, bw, bh] = where([0xfd, 0xe7, 0x25]);
  assert.deepEqual([aw, ah], [bw, bh]);
  assert.equal(aw, ah);
  assert.ok(aw >= 150, `tile ${aw} px`);
  assert.deepEqual([bx, by], [ax + aw, ay + ah]);
  // The HTML carries the same PNG for viewers without JavaScript.
  assertIncludes(
    bundle["text/html"],
    `data:image/png;base64,${bundle["image/png"]}`,
  );
});

Deno.test("imshow accepts [h, w] tensors and nested [h][w][1] arrays", async () => {
  const t = tf.zeros([3, 5]);
  const a = await plots.imshow(t);
  t.dispose();
  assert.deepEqual(
    (a[PLOTLY_MIME].data[0].z as number[][]).map((r) => r.length),
    [
      5,
      5,
      5,
    ],
  );
  const b = await plots.imshow([[[1], [2]], [[3], [4]]]);
  assert.deepEqual(b[PLOTLY_MIME].data[0].z, [[1, 2], [3, 4]]);
});

Deno.test("imshow rejects batches and non-images with a clear message", async () => {
  const batch = tf.zeros([2, 28, 28, 1]);
  await assertRejects(
    () => plots.imshow(batch),
    TypeError,
    "pick one image first",
  );
  batch.dispose();
  await assertRejects(
    () => plots.imshow("x" as unknown as number[][]),
    TypeError,
    "expected a tf.Tensor or a nested number array",
  );
  await assertRejects(
    () => plots.imshow([[1, 2], [3]]),
    TypeError,
    "not rectangular",
  );
});

Deno.test("a returned bundle shows only its summary when it is a cell's last value", async () => {
  const bundle = await plots.imshow([[1, 2]], { title: "s" });
  const repr = (bundle as unknown as Record<symbol, () => unknown>)
    [Symbol.for("Jupyter.display")]();
  assert.deepEqual(repr, { "text/plain": '<imshow 1×2 "s">' });
  assert.deepEqual(
    Object.keys(bundle).sort(),
    [PLOTLY_MIME, "image/png", "text/html", "text/plain"].sort(),
  );
});

Deno.test("show: true outside Jupyter prints the text rendering instead of failing", async () => {
  const printed: unknown[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void printed.push(...args);
  try {
    await plots.imshow([[0, 2]], { title: "t", show: true });
    await plots.imshow([[0, 2]], { title: "quiet" });
  } finally {
    console.log = log;
  }
  assert.deepEqual(printed, ['imshow "t": 1×2 image, values 0 to 2 (viridis)']);
});
