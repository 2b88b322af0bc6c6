import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { blobs, ToyModel } from "./toy_model.ts";
import {
  evaluate,
  fit,
  History,
  type Logs,
  optimizers,
  resolveCompile,
} from "../../lib/training/mod.ts";

await tf.setBackend("cpu");

function close(a: number, b: number, tol = 1e-5): void {
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
}

Deno.test("History has Keras keys, one value per epoch, and epoch indices", async () => {
  const [x, y] = blobs(90);
  const [xv, yv] = blobs(30, 4, 3, 5);
  const model = new ToyModel({ seed: 2 });
  model.compiled = resolveCompile({
    optimizer: optimizers.SGD({ learningRate: 0.5 }),
    loss: "sparse_categorical_crossentropy",
    metrics: ["accuracy"],
  });
  const history = await fit(model, x, y, {
    epochs: 4,
    batchSize: 16,
    validationData: [xv, yv],
    verbose: 0,
    seed: 1,
  });
  assert.ok(history instanceof History);
  assert.deepEqual(Object.keys(history.history), [
    "accuracy",
    "loss",
    "val_accuracy",
    "val_loss",
  ]);
  assert.deepEqual(history.epoch, [0, 1, 2, 3]);
  for (const values of Object.values(history.history)) {
    assert.equal(values.length, 4);
  }
  assert.deepEqual(history.params, { epochs: 4, steps: 6, verbose: 0 });
  // The blobs are separable: training must improve the loss and reach high accuracy.
  assert.ok(history.history.loss[3] < history.history.loss[0]);
  assert.ok(
    history.history.val_accuracy[3] > 0.9,
    `val_accuracy ${history.history.val_accuracy}`,
  );
  model.dispose();
  tf.dispose([x, y, xv, yv]);
});

Deno.test("epoch metrics are sample-weighted means over batches; validation is a full pass at the end", async () => {
  // With a negligible learning rate the weights do not move, so the epoch's
  // running mean over batches of 7 (last one partial) must equal a one-shot
  // evaluation, and val_* must equal evaluate() on the validation data.
  const [x, y] = blobs(50);
  const [xv, yv] = blobs(20, 4, 3, 8);
  const model = new ToyModel({ seed: 4 });
  model.compiled = resolveCompile({
    optimizer: optimizers.SGD({ learningRate: 1e-12 }),
    loss: "sparse_categorical_crossentropy",
    metrics: ["accuracy"],
  });
  const batchLogs: Logs[] = [];
  const history = await fit(model, x, y, {
    batchSize: 7,
    validationData: [xv, yv],
    verbose: 0,
    seed: 1,
    callbacks: [{ onBatchEnd: (_b, logs) => void batchLogs.push(logs) }],
  });
  const [loss, acc] = await evaluate(model, x, y, {
    batchSize: 50,
    verbose: 0,
  });
  close(history.history.loss[0], loss);
  close(history.history.accuracy[0], acc);
  const [vLoss, vAcc] = await evaluate(model, xv, yv, {
    batchSize: 3,
    verbose: 0,
  });
  close(history.history.val_loss[0], vLoss);
  close(history.history.val_accuracy[0], vAcc);
  assert.equal(batchLogs.length, 8);
  assert.deepEqual(Object.keys(batchLogs[0]), ["accuracy", "loss"]);
  close(batchLogs[7].loss, loss);
  model.dispose();
  tf.dispose([x, y, xv, yv]);
});

Deno.test("callbacks see every hook in order, with the epoch's logs", async () => {
  const [x, y] = blobs(20);
  const model = new ToyModel({ seed: 4 });
  model.compiled = resolveCompile({
    optimizer: "sgd",
    loss: "sparse_categorical_crossentropy",
  });
  const events: string[] = [];
  const history = await fit(model, x, y, {
    epochs: 2,
    batchSize: 10,
    verbose: 0,
    seed: 1,
    callbacks: [{
      onTrainBegin: () => void events.push("trainBegin"),
      onEpochBegin: (e) => void events.push(`epochBegin ${e}`),
      onBatchEnd: (b) => void events.push(`batch ${b}`),
      onEpochEnd: async (e, logs) => {
        await Promise.resolve();
        events.push(`epochEnd ${e} ${Object.keys(logs).join(",")}`);
      },
      onTrainEnd: () => void events.push("trainEnd"),
    }],
  });
  assert.deepEqual(events, [
    "trainBegin",
    "epochBegin 0",
    "batch 0",
    "batch 1",
    "epochEnd 0 loss",
    "epochBegin 1",
    "batch 0",
    "batch 1",
    "epochEnd 1 loss",
    "trainEnd",
  ]);
  assert.deepEqual(Object.keys(history.history), ["loss"]);
  model.dispose();
  tf.dispose([x, y]);
});

Deno.test("a callback can stop training by setting model.stopTraining", async () => {
  const [x, y] = blobs(40);
  const model = new ToyModel({ seed: 4 });
  model.compiled = resolveCompile({
    optimizer: "adam",
    loss: "sparse_categorical_crossentropy",
  });
  const history = await fit(model, x, y, {
    epochs: 10,
    batchSize: 10,
    verbose: 0,
    seed: 1,
    callbacks: [{
      onEpochEnd: (e) => void (e === 1 && (model.stopTraining = true)),
    }],
  });
  assert.deepEqual(history.epoch, [0, 1]);
  model.dispose();
  tf.dispose([x, y]);
});

Deno.test("one-hot targets with categorical_crossentropy and 'accuracy' train too", async () => {
  const [x, labels] = blobs(60);
  const y = tf.oneHot(labels, 3);
  const model = new ToyModel({ seed: 4 });
  model.compiled = resolveCompile({
    optimizer: optimizers.SGD({ learningRate: 0.5, momentum: 0.9 }),
    loss: "categorical_crossentropy",
    metrics: ["accuracy"],
  });
  const history = await fit(model, x, y, {
    epochs: 5,
    batchSize: 10,
    verbose: 0,
    seed: 2,
  });
  assert.ok(history.history.accuracy[4] > 0.9, `${history.history.accuracy}`);
  const [, acc] = await evaluate(model, x, y, { verbose: 0 });
  assert.ok(acc > 0.9);
  model.dispose();
  tf.dispose([x, labels, y]);
});

Deno.test("a History as a cell's last value shows one short line, as Keras's does", () => {
  const h = new History({ epochs: 2, steps: 3, verbose: 0 });
  h.onEpochEnd(0, { loss: 1.0518, accuracy: 0.6 });
  h.onEpochEnd(1, { loss: 0.1321, accuracy: 0.9 });
  const show = (h as unknown as Record<symbol, () => Record<string, string>>)[
    Symbol.for("Jupyter.display")
  ];
  assert.equal(
    typeof show,
    "function",
    "the Deno kernel looks for this method",
  );
  const bundle = show.call(h);
  assert.deepEqual(Object.keys(bundle), ["text/plain"]);
  assert.equal(
    bundle["text/plain"],
    "<History: 2 epochs, loss 1.0518 → 0.1321>",
  );
});
