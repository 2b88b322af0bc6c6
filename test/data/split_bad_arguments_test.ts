/**
 * `trainTestSplit` arguments of the wrong type (a quoted number, a
 * disposed tensor) get a message that says exactly what to write instead.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { trainTestSplit } from "../../lib/data/split.ts";

await tf.setBackend("cpu");

Deno.test('testSize: "0.2" and randomState: "42" say to drop the quotes', () => {
  const x = tf.zeros([10, 2]);
  const y = tf.zeros([10]);
  assert.throws(
    () => trainTestSplit(x, y, { testSize: "0.2" as unknown as number }),
    (e: Error) =>
      e instanceof TypeError &&
      e.message ===
        'testSize must be a number, got the string "0.2". Write it without quotes, e.g. testSize: 0.2 (a share) or testSize: 10000 (a count).',
  );
  assert.throws(
    () => trainTestSplit(x, y, { trainSize: "5" as unknown as number }),
    /trainSize must be a number, got the string "5"/,
  );
  assert.throws(
    () =>
      trainTestSplit(x, y, {
        testSize: 3,
        randomState: "42" as unknown as number,
      }),
    (e: Error) =>
      e instanceof TypeError &&
      e.message ===
        'randomState must be an integer seed or a RandomState, got the string "42". Write it without quotes, e.g. randomState: 42.',
  );
  tf.dispose([x, y]);
});

Deno.test("a disposed tensor or a plain array is named, with what to do", () => {
  const x = tf.zeros([10, 2]);
  const y = tf.zeros([10]);
  x.dispose();
  assert.throws(
    () => trainTestSplit(x, y, { testSize: 3 }),
    /trainTestSplit\(\): x has been disposed \(by tensor\.dispose\(\).*pass a live tensor, e\.g\. load the data again/,
  );
  assert.throws(
    () => trainTestSplit(tf.zeros([10, 2]), [1, 2] as unknown as tf.Tensor),
    /trainTestSplit\(\): y must be a tf\.Tensor, got an array/,
  );
  y.dispose();
});
