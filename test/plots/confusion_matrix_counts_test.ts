import assert from "node:assert/strict";
import { assertRejects, assertThrows } from "./helpers.ts";
import * as tf from "@tensorflow/tfjs";
import { plots } from "cnn/plots/mod.ts";
import { PLOTLY_MIME } from "cnn/plots/figure.ts";

await tf.setBackend("cpu");

Deno.test("confusionCounts matches sklearn's confusion_matrix on a small example", () => {
  // sklearn.metrics.confusion_matrix([0,1,2,2,1,0,2], [0,2,2,2,1,1,0])
  assert.deepEqual(
    plots.confusionCounts([0, 1, 2, 2, 1, 0, 2], [0, 2, 2, 2, 1, 1, 0]),
    [
      [1, 1, 0],
      [0, 1, 1],
      [1, 0, 2],
    ],
  );
});

Deno.test("confusionMatrix: heatmap of counts, annotated, with English axis titles", async () => {
  const yTrue = tf.tensor1d([0, 1, 2, 2, 1, 0, 2], "int32");
  // Scores: argmax per row gives 0,2,2,2,1,1,0.
  const yPred = tf.oneHot(tf.tensor1d([0, 2, 2, 2, 1, 1, 0], "int32"), 3).mul(
    0.9,
  );
  const bundle = await plots.confusionMatrix(yTrue, yPred);
  tf.dispose([yTrue, yPred]);
  const fig = bundle[PLOTLY_MIME];
  assert.deepEqual(fig.data[0].type, "heatmap");
  assert.deepEqual(fig.data[0].z, [[1, 1, 0], [0, 1, 1], [1, 0, 2]]);
  assert.deepEqual(fig.data[0].colorscale, "Viridis");
  const layout = fig.layout as Record<
    string,
    { title?: { text: string }; autorange?: string }
  >;
  assert.deepEqual(layout.xaxis.title?.text, "Predicted label");
  assert.deepEqual(layout.yaxis.title?.text, "True label");
  assert.deepEqual(layout.yaxis.autorange, "reversed");
  const notes = fig.layout.annotations as {
    x: string;
    y: string;
    text: string;
  }[];
  assert.deepEqual(notes.length, 9);
  assert.deepEqual(notes.find((a) => a.y === "2" && a.x === "2")?.text, "2");
  assert.deepEqual(
    bundle["text/plain"],
    [
      "Confusion matrix (rows: true label, columns: predicted label)",
      "    0 1 2",
      " 0  1 1 0",
      " 1  0 1 1",
      " 2  1 0 2",
    ].join("\n"),
  );
});

Deno.test("confusionMatrix rejects mismatched lengths and labels outside the classes", async () => {
  await assertRejects(
    () => plots.confusionMatrix([0, 1], [0]),
    RangeError,
    "must match",
  );
  assertThrows(
    () => plots.confusionCounts([0, 3], [0, 1], 3),
    RangeError,
    "outside the 3 classes",
  );
  await assertRejects(
    () => plots.confusionMatrix([0, 1.5], [0, 1]),
    TypeError,
    "not an integer",
  );
});
