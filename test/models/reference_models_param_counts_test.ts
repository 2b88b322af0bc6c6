import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { clearSession } from "../../lib/keras/naming.ts";
import {
  ConvBlock,
  convModel,
  lenet5,
  miniInception,
  MiniResNet,
  separableModel,
} from "../../lib/course/models/mod.ts";

async function setup() {
  if (tf.getBackend() !== "cpu") await tf.setBackend("cpu");
  clearSession();
}

const counts = (m: { layers: { countParams(): number }[] }) =>
  m.layers.map((l) => l.countParams());

Deno.test("lenet5() is the unbuilt LeNet-5 and has 61,706 params once built", async () => {
  await setup();
  const lenet = lenet5();
  assert.equal(lenet.name, "LeNet-5");
  assert.equal(lenet.built, false);
  assert.deepEqual(lenet.layers.map((l) => l.name), [
    "C1",
    "S2",
    "C3",
    "S4",
    "C5",
    "flatten",
    "F6",
    "dense",
  ]);
  lenet.build([null, 28, 28, 1]);
  assert.deepEqual(counts(lenet), [156, 0, 2416, 0, 48120, 0, 10164, 850]);
  assert.equal(lenet.countParams(), 61706);
});

Deno.test("miniInception() has 896,522 params and a (None, 28, 28, 112) concatenation", async () => {
  await setup();
  const model = miniInception();
  assert.deepEqual(counts(model), [0, 416, 544, 12832, 4640, 0, 0, 0, 878090]);
  assert.equal(model.countParams(), 896522);
  assert.deepEqual(model.getLayer("concatenate").summaryOutputShape, [
    null,
    28,
    28,
    112,
  ]);
  const y = tf.tidy(() => model.forward(tf.zeros([1, 28, 28, 1]), false));
  assert.deepEqual(y.shape, [1, 10]);
  y.dispose();
});

Deno.test("new MiniResNet(32) has 270,218 params", async () => {
  await setup();
  const model = new MiniResNet(32);
  model.build([null, 28, 28, 1]);
  assert.deepEqual(counts(model), [832, 18496, 0, 250890]);
  assert.equal(model.countParams(), 270218);
});

Deno.test("ConvBlock works: bias-free Conv2D + BatchNormalization(axis 3) + ReLU", async () => {
  await setup();
  const block = new ConvBlock(32, [3, 3]);
  const y = block.apply(tf.randomNormal([2, 28, 28, 1]), { training: true });
  assert.deepEqual(y.shape, [2, 26, 26, 32]);
  assert.ok((await tf.min(y).data())[0] >= 0, "ReLU output");
  assert.deepEqual(block.layers.map((l) => l.className), [
    "Conv2D",
    "BatchNormalization",
    "Activation",
  ]);
  assert.deepEqual(counts(block), [288, 128, 0]); // 3·3·1·32 kernel, 4·32 BN weights
  assert.equal(block.trainableWeights.length, 3); // kernel, gamma, beta
  assert.equal(block.nonTrainableWeights.length, 2); // moving mean and variance
  y.dispose();
});

Deno.test("separable demo: 72 params for the convolution, 9 + 8 = 17 for depthwise + pointwise", async () => {
  await setup();
  const conv = convModel();
  conv.build([null, 28, 28, 1]);
  assert.equal(conv.name, "Conv Model");
  assert.deepEqual(counts(conv), [72]);
  assert.deepEqual(conv.layers[0].summaryOutputShape, [null, 26, 26, 8]);
  const sep = separableModel();
  sep.build([null, 28, 28, 1]);
  assert.equal(sep.name, "Separable Model");
  assert.deepEqual(counts(sep), [9, 8]);
  assert.deepEqual(sep.layers.map((l) => l.summaryOutputShape), [[
    null,
    26,
    26,
    1,
  ], [null, 26, 26, 8]]);
});
