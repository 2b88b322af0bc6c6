import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { RandomState } from "../../lib/data/mt19937.ts";
import { trainTestSplit, trainTestSplitIndices } from "../../lib/data/split.ts";

/** Random cases drawn from a fixed seed so failures reproduce. */
function* cases(count: number) {
  const rng = new RandomState(12345);
  for (let k = 0; k < count; k++) {
    const n = 2 + rng.interval(500);
    const asFraction = rng.interval(1) === 1;
    const testSize = asFraction
      ? (1 + rng.interval(98)) / 100
      : 1 + rng.interval(n - 2);
    yield { n, testSize, randomState: rng.interval(2 ** 32 - 1) };
  }
}

Deno.test("split is disjoint and complete (every index exactly once)", () => {
  for (const c of cases(200)) {
    let train: Int32Array, test: Int32Array;
    try {
      ({ train, test } = trainTestSplitIndices(c.n, c));
    } catch (e) {
      // Only a fraction that rounds the train set to zero samples may be refused.
      assert.match(
        (e as Error).message,
        /train set will be empty/,
        JSON.stringify(c),
      );
      continue;
    }
    const seen = new Uint8Array(c.n);
    for (const i of [...train, ...test]) seen[i]++;
    assert.ok(
      seen.every((s) => s === 1),
      `not a partition: ${JSON.stringify(c)}`,
    );
    const expectedTest = Number.isInteger(c.testSize)
      ? c.testSize
      : Math.ceil(c.testSize * c.n);
    assert.equal(test.length, expectedTest, JSON.stringify(c));
  }
});

Deno.test("split is deterministic for a seed (0 included) and varies between seeds", () => {
  const a = trainTestSplitIndices(1000, { testSize: 0.2, randomState: 0 });
  const b = trainTestSplitIndices(1000, { testSize: 0.2, randomState: 0 });
  const c = trainTestSplitIndices(1000, { testSize: 0.2, randomState: 1 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.test, c.test);
});

Deno.test("without randomState each call draws a fresh shuffle", () => {
  const a = trainTestSplitIndices(1000, { testSize: 0.5 });
  const b = trainTestSplitIndices(1000, { testSize: 0.5 });
  assert.notDeepEqual(a.test, b.test);
});

Deno.test("a shared RandomState advances between calls, like numpy", () => {
  const rs = new RandomState(3);
  const first = trainTestSplitIndices(50, { testSize: 10, randomState: rs });
  const second = trainTestSplitIndices(50, { testSize: 10, randomState: rs });
  assert.deepEqual(
    first,
    trainTestSplitIndices(50, { testSize: 10, randomState: 3 }),
  );
  assert.notDeepEqual(first.test, second.test);
});

Deno.test("tensor split keeps rows and labels together and leaks no tensors", async () => {
  const n = 40;
  const x = tf.tensor2d(
    Float32Array.from({ length: n * 3 }, (_, i) => Math.floor(i / 3)),
    [n, 3],
  );
  const y = tf.tensor1d(Int32Array.from({ length: n }, (_, i) => i), "int32");
  const before = tf.memory().numTensors;
  const [xTr, xTe, yTr, yTe] = trainTestSplit(x, y, {
    testSize: 0.25,
    randomState: 0,
  });
  assert.equal(tf.memory().numTensors, before + 4);
  const { train, test } = trainTestSplitIndices(n, {
    testSize: 0.25,
    randomState: 0,
  });
  assert.deepEqual(Array.from(await yTr.data()), Array.from(train));
  assert.deepEqual(Array.from(await yTe.data()), Array.from(test));
  const rows = await xTe.array() as number[][];
  rows.forEach((r, k) => assert.deepEqual(r, [test[k], test[k], test[k]]));
  assert.deepEqual(xTr.shape, [30, 3]);
  tf.dispose([x, y, xTr, xTe, yTr, yTe]);
});

Deno.test("mismatched x and y lengths are refused with both counts", () => {
  const x = tf.zeros([5, 2]);
  const y = tf.zeros([4]);
  assert.throws(
    () => trainTestSplit(x, y, { testSize: 1 }),
    /inconsistent numbers of samples: \[5, 4\]/,
  );
  tf.dispose([x, y]);
});

Deno.test("non-integer randomState is refused", () => {
  assert.throws(
    () => trainTestSplitIndices(10, { randomState: 0.5 }),
    /cannot be used to seed/,
  );
});
