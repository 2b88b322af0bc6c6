import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Dense, Input, Model } from "../../lib/keras/mod.ts";
import {
  binaryCrossentropy,
  sparseCategoricalCrossentropy,
} from "../../lib/training/losses.ts";
import { evaluatePass, trainStep } from "../../lib/training/loop.ts";
import { setup } from "../keras/helpers.ts";

/** A one-layer classifier whose weights make sample 0 confidently wrong. */
async function confidentlyWrong(
  activation: "softmax" | "sigmoid",
  units: number,
) {
  await setup();
  const x = Input({ shape: [2] });
  const model = new Model({
    inputs: x,
    outputs: Dense(units, { activation }).apply(x),
  });
  const xs = tf.tensor2d([[30, 0], [0, 1]]);
  model.forward(xs, true).dispose();
  const [kernel, bias] = model.trainableVariables;
  // Logits for sample 0: +60 for class 0 and −60 for the others.
  kernel.assign(
    tf.tensor2d([[2, ...Array(units - 1).fill(-2)], Array(units).fill(0)]),
  );
  bias.assign(tf.zeros([units]));
  return { model, xs };
}

Deno.test("training from a softmax output uses its logits: a confidently wrong sample still gets its gradient", async () => {
  const { model, xs } = await confidentlyWrong("softmax", 3);
  const ys = tf.tensor1d([2, 1]); // sample 0 is class 2, predicted class 0 with p ≈ 1
  const step = trainStep(model, sparseCategoricalCrossentropy, [], xs, ys);
  const loss = (await step.values.data())[0];
  // Keras (from logits): (logsumexp(60, −60, −60) + 60 + log 3 … ) — sample 0
  // alone is ≈ 120; clipped probabilities would cap it at −log(1e−7) ≈ 16.1.
  assert.ok(loss > 50, `loss ${loss} looks clipped`);
  const g = await step
    .grads[Object.keys(step.grads).find((k) => k.includes("kernel"))!].data();
  // ∂loss/∂W[0][2] = x₀₀·(p₂ − 1)/2 = 30·(−1)/2 = −15 for the true class.
  assert.ok(Math.abs(g[2] - -15) < 1e-3, `gradient ${g[2]} (expected −15)`);
  tf.dispose([step.values, step.grads, xs, ys]);
  tf.dispose(model.trainableVariables);
});

Deno.test("binary cross-entropy from a sigmoid output uses its logits too", async () => {
  const { model, xs } = await confidentlyWrong("sigmoid", 1);
  const ys = tf.tensor2d([[0], [1]]); // sample 0 has logit +60 but label 0
  const step = trainStep(model, binaryCrossentropy, [], xs, ys);
  const loss = (await step.values.data())[0];
  assert.ok(
    Math.abs(loss - (60 + Math.log1p(Math.exp(-0))) / 2) < 0.05,
    `loss ${loss}`,
  );
  tf.dispose([step.values, step.grads, xs, ys]);
  tf.dispose(model.trainableVariables);
});

Deno.test("evaluation reports the unclipped loss; outside training nothing is remembered or leaked", async () => {
  const { model, xs } = await confidentlyWrong("softmax", 3);
  const ys = tf.tensor1d([2, 1]);
  const logs = await evaluatePass({
    model,
    x: xs,
    y: ys,
    batchSize: 2,
    loss: sparseCategoricalCrossentropy,
    metrics: [],
  });
  assert.ok(logs.loss > 50, `evaluate loss ${logs.loss}`);
  const before = tf.memory().numTensors;
  const p = model.forward(xs, false);
  // Outside fit/evaluate the probabilities are clipped, as a plain function call in Keras.
  const plainLoss = sparseCategoricalCrossentropy(ys, p);
  const plain = (await plainLoss.data())[0];
  const pTrue1 = (await p.data())[4]; // sample 1, class 1
  assert.ok(
    Math.abs(plain - (-Math.log(1e-7) - Math.log(pTrue1)) / 2) < 0.05,
    `plain loss ${plain}`,
  );
  plainLoss.dispose();
  p.dispose();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([xs, ys]);
  tf.dispose(model.trainableVariables);
});
