import assert from "node:assert/strict";
import { assertIncludes, assertRejects } from "./helpers.ts";
import * as tf from "@tensorflow/tfjs";
import { decode } from "fast-png";
import { plots } from "cnn/plots/mod.ts";
import { PLOTLY_MIME, type PlotlyTrace } from "cnn/plots/figure.ts";

await tf.setBackend("cpu");

const titles = (layout: Record<string, unknown>) =>
  (layout.annotations as { text: string }[]).map((a) => a.text);

Deno.test("digitGrid shows the first n images with their labels on separate axes", async () => {
  const images = tf.tidy(() => tf.randomUniform([20, 28, 28, 1]));
  const labels = tf.tensor1d([
    5,
    0,
    4,
    1,
    9,
    2,
    1,
    3,
    1,
    4,
    3,
    5,
    3,
    6,
    1,
    7,
    2,
    8,
    6,
    9,
  ], "int32");
  const before = tf.memory().numTensors;
  const bundle = await plots.digitGrid(images, labels, { n: 6, cols: 3 });
  assert.deepEqual(tf.memory().numTensors, before);
  const fig = bundle[PLOTLY_MIME];
  assert.deepEqual(fig.data.length, 6);
  assert.deepEqual(fig.data.map((t) => t.type), Array(6).fill("heatmap"));
  assert.deepEqual(fig.data.map((t) => t.xaxis), [
    "x",
    "x2",
    "x3",
    "x4",
    "x5",
    "x6",
  ]);
  assert.deepEqual(
    (fig.data[5] as PlotlyTrace & { z: number[][] }).z.length,
    28,
  );
  assert.deepEqual(titles(fig.layout), ["5", "0", "4", "1", "9", "2"]);
  assert.deepEqual(
    (fig.layout.yaxis4 as { autorange: string }).autorange,
    "reversed",
  );
  // The first image's values are in the figure.
  const first = await images.slice([0], [1]).data();
  assert.deepEqual(
    (fig.data[0].z as number[][])[3][7],
    Number(first[3 * 28 + 7].toPrecision(6)),
  );
  const png = decode(
    Uint8Array.from(atob(bundle["image/png"]!), (c) => c.charCodeAt(0)),
  );
  // The figure's size; 3 columns × 2 rows of 90 px tiles, each 28 px image
  // enlarged 3× below its 18 px title band (+4 px for descenders).
  assert.deepEqual(
    [png.width, png.height],
    [fig.layout.width, fig.layout.height],
  );
  const white = [255, 255, 255];
  for (let k = 0; k < 6; k++) {
    const x0 = 10 + (k % 3) * 90 + 3;
    const y0 = 20 + Math.floor(k / 3) * 108 + 22;
    const at = (x: number, y: number) => {
      const i = (y * png.width + x) * png.channels;
      return [png.data[i], png.data[i + 1], png.data[i + 2]];
    };
    assert.notDeepEqual(at(x0, y0), white, `tile ${k} top-left`);
    assert.notDeepEqual(at(x0 + 83, y0 + 83), white, `tile ${k} bottom-right`);
    assert.deepEqual(at(x0 + 84, y0 + 84), white, `tile ${k} ends`);
  }
  tf.dispose([images, labels]);
});

Deno.test("digitGrid rejects too few labels and a non-positive n", async () => {
  await assertRejects(
    () => plots.digitGrid([[[0]], [[1]]], [3]),
    RangeError,
    "one label per image",
  );
  await assertRejects(
    () => plots.digitGrid([[[0]]], [1], { n: 0 }),
    RangeError,
    "positive integer",
  );
});

Deno.test("misclassified shows the first mistakes titled 'true t / pred p'", async () => {
  const x = tf.tidy(() => tf.range(0, 6).reshape([6, 1, 1]).tile([1, 2, 2]));
  const yTrue = [3, 1, 4, 1, 5, 9];
  const yPred = tf.tensor1d([3, 7, 4, 2, 5, 8], "int32");
  const bundle = await plots.misclassified(x, yTrue, yPred, { n: 2 });
  const fig = bundle[PLOTLY_MIME];
  assert.deepEqual(titles(fig.layout), ["true 1 / pred 7", "true 1 / pred 2"]);
  // The images are those of samples 1 and 3.
  assert.deepEqual(fig.data.map((t) => t.z), [[[1, 1], [1, 1]], [[3, 3], [
    3,
    3,
  ]]]);
  assertIncludes(
    bundle["text/plain"],
    "misclassified: 3 of 6 images (accuracy 0.5000)",
  );
  assertIncludes(bundle["text/plain"], "#3: true 1 / pred 2");
  assert.equal(
    bundle["text/plain"].includes("#5"),
    false,
    "only the n shown are listed",
  );
  tf.dispose([x, yPred]);
});

Deno.test("misclassified with no mistakes says so instead of failing", async () => {
  const bundle = await plots.misclassified([[[0]], [[1]]], [0, 1], [
    [0.9, 0.1],
    [0.2, 0.8],
  ]);
  assert.deepEqual(bundle[PLOTLY_MIME].data, []);
  assert.deepEqual(titles(bundle[PLOTLY_MIME].layout), [
    "No misclassified images",
  ]);
  await assertRejects(
    () => plots.misclassified([[[0]]], [0, 1], [0, 1]),
    RangeError,
    "must match",
  );
});
