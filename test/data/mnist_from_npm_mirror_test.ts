import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { datasets, loadMnistBytes } from "../../lib/data/mod.ts";
import { npmMirrorDir } from "../../lib/data/sources.ts";
import { withTempDir } from "./helpers.ts";

const TRAIN_COUNTS = [
  5923,
  6742,
  5958,
  6131,
  5842,
  5421,
  5918,
  6265,
  5851,
  5949,
];

Deno.test("loadData() from the npm mirror gives Keras's MNIST: shapes, dtype, order, counts", async () => {
  const [[xTrain, yTrain], [xTest, yTest]] = await datasets.mnist.loadData({
    sources: ["npm"],
  });
  assert.deepEqual(xTrain.shape, [60000, 28, 28]);
  assert.deepEqual(yTrain.shape, [60000]);
  assert.deepEqual(xTest.shape, [10000, 28, 28]);
  assert.deepEqual(yTest.shape, [10000]);
  for (const t of [xTrain, yTrain, xTest, yTest]) {
    assert.equal(t.dtype, "int32");
  }
  const y = await yTrain.data();
  assert.deepEqual(Array.from(y.subarray(0, 10)), [
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
  ]);
  assert.deepEqual(Array.from((await yTest.data()).subarray(0, 10)), [
    7,
    2,
    1,
    0,
    4,
    1,
    4,
    9,
    5,
    9,
  ]);
  const counts = new Array(10).fill(0);
  for (const v of y) counts[v]++;
  assert.deepEqual(counts, TRAIN_COUNTS);
  const [lo, hi] = [await xTrain.min().data(), await xTrain.max().data()];
  assert.deepEqual([lo[0], hi[0]], [0, 255]);
  // Pixel (0, 14, 14) of the first training image (the "5") is part of the stroke.
  assert.ok((await xTrain.slice([0, 14, 14], [1, 1, 1]).data())[0] > 0);
  tf.dispose([xTrain, yTrain, xTest, yTest]);
});

Deno.test("with an empty data/ and no network, the default order falls back to the npm mirror", async () => {
  await withTempDir(async (dataDir) => {
    const failingFetch = () =>
      Promise.reject(new Error("network must not be used"));
    const m = await loadMnistBytes({
      dataDir,
      fetch: failingFetch as typeof fetch,
    });
    assert.equal(m.source, await npmMirrorDir());
    assert.deepEqual(m.trainShape, [60000, 28, 28]);
    assert.deepEqual(m.testShape, [10000, 28, 28]);
  });
});
