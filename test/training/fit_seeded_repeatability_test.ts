import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { resolveCompile } from "../../lib/training/compile.ts";
import { fit } from "../../lib/training/fit.ts";
import { optimizers } from "../../lib/training/optimizers.ts";
import { clearRandomSeed, setRandomSeed } from "../../lib/core/seed.ts";
import { blobs, ToyModel } from "./toy_model.ts";

await tf.setBackend("cpu");

async function lossHistory(
  modelSeed: number | undefined,
  fitSeed: number | undefined,
) {
  const [x, y] = blobs(96, 6, 3, 11);
  const model = new ToyModel({ seed: modelSeed, hidden: 8 });
  model.compiled = resolveCompile({
    optimizer: optimizers.SGD({ learningRate: 0.2 }),
    loss: "sparse_categorical_crossentropy",
    metrics: ["accuracy"],
  });
  const h = await fit(model, x, y, {
    epochs: 3,
    batchSize: 10,
    verbose: 0,
    seed: fitSeed,
  });
  const weights = await model.weights();
  model.dispose();
  tf.dispose([x, y]);
  return { loss: h.history.loss, accuracy: h.history.accuracy, weights };
}

Deno.test("the same fit seed gives the same loss history and weights twice", async () => {
  const a = await lossHistory(7, 42);
  const b = await lossHistory(7, 42);
  assert.deepEqual(a.loss, b.loss);
  assert.deepEqual(a.accuracy, b.accuracy);
  assert.deepEqual(a.weights, b.weights);
});

Deno.test("a different shuffle seed changes the loss history", async () => {
  const a = await lossHistory(7, 42);
  const c = await lossHistory(7, 43);
  assert.notDeepEqual(a.loss, c.loss);
});

Deno.test("setRandomSeed alone makes initialisation and shuffling repeatable", async () => {
  try {
    setRandomSeed(123);
    const a = await lossHistory(undefined, undefined);
    setRandomSeed(123);
    const b = await lossHistory(undefined, undefined);
    assert.deepEqual(a.loss, b.loss);
    assert.deepEqual(a.weights, b.weights);
    setRandomSeed(124);
    const c = await lossHistory(undefined, undefined);
    assert.notDeepEqual(a.loss, c.loss);
  } finally {
    clearRandomSeed();
  }
});
