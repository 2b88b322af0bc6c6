import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Conv2D, Dense, Flatten, Input, Model } from "../../lib/keras/mod.ts";
import { sparseCategoricalCrossentropy } from "../../lib/training/losses.ts";
import { trainStep } from "../../lib/training/loop.ts";
import { setup } from "../keras/helpers.ts";

function smallConvNet(): Model {
  const x = Input({ shape: [8, 8, 1] });
  const c1 = Conv2D(3, { kernelSize: 3, padding: "same", activation: "tanh" })
    .apply(x);
  const c2 = Conv2D(2, { kernelSize: 3, strides: 2, activation: "relu" })
    .apply(c1);
  const y = Dense(4, { activation: "softmax" }).apply(Flatten().apply(c2));
  return new Model({ inputs: x, outputs: y });
}

function batch() {
  const x = tf.randomNormal([5, 8, 8, 1], 0, 1, "float32", 3);
  const y = tf.tensor1d([0, 1, 2, 3, 1], "float32");
  return { x, y };
}

async function kernelNames(fn: () => tf.TensorContainer): Promise<string[]> {
  const info = await tf.profile(() => {
    const out = fn();
    tf.dispose(out);
    return [];
  });
  return info.kernels.map((k) => k.name);
}

Deno.test("a training step gives the same gradients without the first convolution's input gradient", async () => {
  await setup();
  const model = smallConvNet();
  const { x, y } = batch();
  model.forward(x, true).dispose(); // builds the weights
  const step = trainStep(model, sparseCategoricalCrossentropy, [], x, y);
  const plain = tf.variableGrads(
    () => sparseCategoricalCrossentropy(y, model.forward(x, true)),
    model.trainableVariables,
  );
  const names = Object.keys(plain.grads);
  assert.deepEqual(Object.keys(step.grads).sort(), [...names].sort());
  for (const name of names) {
    const want = await plain.grads[name].data();
    const got = await step.grads[name].data();
    for (let i = 0; i < want.length; i++) {
      assert.ok(
        Math.abs(got[i] - want[i]) <= 1e-6 * (1 + Math.abs(want[i])),
        `${name}[${i}]: ${got[i]} vs ${want[i]}`,
      );
    }
  }
  tf.dispose([step.values, step.grads, plain.value, plain.grads, x, y]);
  tf.dispose(model.trainableVariables);
});

Deno.test("only the convolution fed by the batch skips its input gradient", async () => {
  await setup();
  const model = smallConvNet();
  const { x, y } = batch();
  model.forward(x, true).dispose();
  const inStep = await kernelNames(() => {
    const r = trainStep(model, sparseCategoricalCrossentropy, [], x, y);
    return [r.values, r.grads];
  });
  const inPlain = await kernelNames(() =>
    tf.variableGrads(
      () => sparseCategoricalCrossentropy(y, model.forward(x, true)),
      model.trainableVariables,
    ).grads
  );
  const count = (ks: string[], k: string) => ks.filter((n) => n === k).length;
  // The second convolution still needs (and gets) its input gradient.
  assert.equal(count(inStep, "Conv2DBackpropInput"), 1);
  assert.equal(count(inPlain, "Conv2DBackpropInput"), 2);
  assert.equal(count(inStep, "Conv2DBackpropFilter"), 2);
  tf.dispose([x, y]);
  tf.dispose(model.trainableVariables);
});

Deno.test("gradients with respect to the image still work outside fit (saliency maps)", async () => {
  await setup();
  const model = smallConvNet();
  const { x } = batch();
  const g = tf.grad((img: tf.Tensor) =>
    tf.sum(tf.slice(model.forward(img, true), [0, 2], [-1, 1]))
  )(x);
  assert.deepEqual(g.shape, [5, 8, 8, 1]);
  const values = await g.data();
  assert.ok(values.some((v) => v !== 0), "the input gradient is all zeros");
  tf.dispose([g, x]);
  tf.dispose(model.trainableVariables);
});
