import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { resolveCompile } from "../../lib/training/compile.ts";
import { evaluate, fit, predict } from "../../lib/training/fit.ts";
import { CaptureWriter } from "../../lib/host/progress_writers.ts";
import { optimizers } from "../../lib/training/optimizers.ts";
import { blobs, ToyModel } from "./toy_model.ts";

await tf.setBackend("cpu");

Deno.test("five epochs keep tf.memory().numTensors flat and leave nothing behind", async () => {
  const [x, y] = blobs(120);
  const [xv, yv] = blobs(40, 4, 3, 3);
  const model = new ToyModel({ seed: 1, hidden: 6 });
  model.compiled = resolveCompile({
    optimizer: optimizers.SGD({ learningRate: 0.1 }),
    loss: "sparse_categorical_crossentropy",
    metrics: ["accuracy"],
  });
  model.build([null, 4]);
  const before = tf.memory().numTensors;
  const perEpoch: number[] = [];
  await fit(model, x, y, {
    epochs: 5,
    batchSize: 16,
    validationData: [xv, yv],
    writer: new CaptureWriter(),
    seed: 1,
    callbacks: [{
      onEpochEnd: () => void perEpoch.push(tf.memory().numTensors),
    }],
  });
  assert.deepEqual(perEpoch, Array(5).fill(before));
  assert.equal(tf.memory().numTensors, before);
  await evaluate(model, x, y, { verbose: 0 });
  assert.equal(tf.memory().numTensors, before);
  const p = await predict(model, x, { verbose: 0 });
  assert.equal(tf.memory().numTensors, before + 1);
  p.dispose();
  model.dispose();
  tf.dispose([x, y, xv, yv]);
});

Deno.test("with momentum only the optimizer's slots are added, once", async () => {
  const [x, y] = blobs(64);
  const model = new ToyModel({ seed: 1 });
  model.compiled = resolveCompile({
    optimizer: optimizers.SGD({ learningRate: 0.1, momentum: 0.9 }),
    loss: "sparse_categorical_crossentropy",
    metrics: ["accuracy"],
  });
  model.build([null, 4]);
  const before = tf.memory().numTensors;
  const perEpoch: number[] = [];
  await fit(model, x, y, {
    epochs: 5,
    verbose: 0,
    seed: 1,
    callbacks: [{
      onEpochEnd: () => void perEpoch.push(tf.memory().numTensors),
    }],
  });
  // One accumulator per variable (w, b).
  assert.deepEqual(perEpoch, Array(5).fill(before + 2));
  model.compiled.optimizer.dispose();
  model.dispose();
  tf.dispose([x, y]);
});
