import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { blobs, ToyModel } from "./toy_model.ts";
import {
  CaptureWriter,
  evaluate,
  fit,
  NaNLossError,
  optimizers,
  resolveCompile,
  TerminateOnNaN,
} from "../../lib/internals.ts";

await tf.setBackend("cpu");

function compiledModel(
  classes = 3,
  loss = "sparse_categorical_crossentropy",
): ToyModel {
  const model = new ToyModel({ seed: 1, classes });
  model.compiled = resolveCompile({
    optimizer: optimizers.SGD({ learningRate: 0.1 }),
    loss,
    metrics: ["accuracy"],
  });
  return model;
}

Deno.test("fit and evaluate before compile say to call compile()", async () => {
  const [x, y] = blobs(10);
  const model = new ToyModel({ seed: 1 });
  await assert.rejects(
    fit(model, x, y, { verbose: 0 }),
    /must call compile\(\) before fit\(\)/,
  );
  await assert.rejects(
    evaluate(model, x, y, { verbose: 0 }),
    /must call compile\(\) before evaluate\(\)/,
  );
  tf.dispose([x, y]);
});

Deno.test("x/y length mismatch names both counts", async () => {
  const [x, y] = blobs(10);
  const y9 = tf.slice(y, 0, 9);
  const model = compiledModel();
  await assert.rejects(
    fit(model, x, y9, { verbose: 0 }),
    /fit\(\): x has 10 samples but y has 9; they must have the same first dimension/,
  );
  await assert.rejects(
    fit(model, x, y, { verbose: 0, validationData: [x, y9] }),
    /validationData\[0\] has 10 samples but validationData\[1\] has 9/,
  );
  await assert.rejects(
    evaluate(model, x, y9, { verbose: 0 }),
    /x has 10 samples but y has 9/,
  );
  model.dispose();
  tf.dispose([x, y, y9]);
});

Deno.test("a label outside the softmax width names the label and the width", async () => {
  const [x] = blobs(6);
  const model = compiledModel(3);
  const bad = tf.tensor1d([0, 1, 2, 3, 1, 0], "int32");
  await assert.rejects(
    fit(model, x, bad, { verbose: 0 }),
    /label 3 \(y\[3\]\) is outside the model's output width 3: the last layer has 3 units, so labels must be integers in \[0, 2\]/,
  );
  const negative = tf.tensor1d([0, -1, 2, 0, 1, 0], "int32");
  await assert.rejects(
    fit(model, x, negative, { verbose: 0 }),
    /label -1 \(y\[1\]\)/,
  );
  const fractional = tf.tensor1d([0, 1, 2.5, 0, 1, 0], "float32");
  await assert.rejects(
    fit(model, x, fractional, { verbose: 0 }),
    /y\[2\] = 2.5 is not an integer class label/,
  );
  const good = tf.tensor1d([0, 1, 2, 0, 1, 0], "int32");
  await assert.rejects(
    fit(model, x, good, { verbose: 0, validationData: [x, bad] }),
    /label 3 \(validationData\[1\]\[3\]\)/,
  );
  model.dispose();
  tf.dispose([x, bad, negative, fractional, good]);
});

Deno.test("one-hot targets with the wrong width or with the sparse loss are explained", async () => {
  const [x, labels] = blobs(6);
  const oneHot4 = tf.oneHot(labels, 4);
  const model = compiledModel(3, "categorical_crossentropy");
  await assert.rejects(
    fit(model, x, oneHot4, { verbose: 0 }),
    /y has shape \[6, 4\] but the model outputs \[n, 3\]/,
  );
  await assert.rejects(
    fit(model, x, labels, { verbose: 0 }),
    /For integer labels use loss "sparse_categorical_crossentropy"/,
  );
  const sparse = compiledModel(3);
  await assert.rejects(
    fit(sparse, x, tf.oneHot(labels, 3), { verbose: 0 }),
    /expects one integer label per sample.*use loss "categorical_crossentropy"/,
  );
  model.dispose();
  sparse.dispose();
  tf.dispose([x, labels, oneHot4]);
});

Deno.test("bad options are rejected with the allowed values", async () => {
  const [x, y] = blobs(10);
  const model = compiledModel();
  await assert.rejects(
    fit(model, x, y, { batchSize: 0 }),
    /batchSize must be a positive integer, got 0/,
  );
  await assert.rejects(
    fit(model, x, y, { epochs: 1.5 }),
    /epochs must be a positive integer/,
  );
  await assert.rejects(
    fit(model, x, y, { verbose: 3 as unknown as 0 }),
    /verbose must be 0, 1, 2 or "auto"/,
  );
  await assert.rejects(
    fit(model, [[1]] as unknown as tf.Tensor, y),
    /x must be a tf.Tensor .* got an array/,
  );
  model.dispose();
  tf.dispose([x, y]);
});

Deno.test("a NaN loss stops training with a TerminateOnNaN-style error and keeps finite weights", async () => {
  const [x, y] = blobs(40);
  const poisoned = tf.tidy(() => {
    const mask = tf.concat([tf.zeros([20, 4]), tf.fill([20, 4], NaN)]);
    return tf.add(x, mask);
  });
  const model = compiledModel();
  const writer = new CaptureWriter();
  await assert.rejects(
    fit(model, poisoned, y, {
      epochs: 3,
      batchSize: 10,
      shuffle: false,
      writer,
    }),
    (e: unknown) => {
      assert.ok(e instanceof NaNLossError);
      assert.equal(e.batch, 2);
      assert.equal(e.epoch, 0);
      assert.match(
        e.message,
        /Invalid loss \(NaN\) at batch 2 of epoch 1; terminating training, as Keras's TerminateOnNaN does\..*learning rate below 0\.1/,
      );
      return true;
    },
  );
  // The bar was closed on the failing batch, so the terminal line is complete.
  assert.match(
    writer.lines[writer.lines.length - 1],
    /^3\/4 ━{20} .* - loss: nan$/,
  );
  for (const w of await model.weights()) assert.ok(w.every(Number.isFinite));
  model.dispose();
  tf.dispose([x, y, poisoned]);
});

Deno.test("with a TerminateOnNaN callback training stops quietly after the bad batch", async () => {
  const [x, y] = blobs(40);
  const poisoned = tf.tidy(() =>
    tf.add(x, tf.concat([tf.zeros([20, 4]), tf.fill([20, 4], NaN)]))
  );
  const model = compiledModel();
  const messages: string[] = [];
  const history = await fit(model, poisoned, y, {
    epochs: 5,
    batchSize: 10,
    shuffle: false,
    verbose: 0,
    callbacks: [new TerminateOnNaN({ log: (t) => messages.push(t) })],
  });
  assert.deepEqual(messages, ["Batch 2: Invalid loss, terminating training"]);
  assert.deepEqual(history.epoch, [0]);
  assert.ok(Number.isNaN(history.history.loss[0]));
  for (const w of await model.weights()) assert.ok(w.every(Number.isFinite));
  model.dispose();
  tf.dispose([x, y, poisoned]);
});
