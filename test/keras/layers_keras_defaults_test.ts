import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  Activation,
  AveragePooling2D,
  AvgPool2D,
  BatchNormalization,
  Conv2D,
  Dense,
  DepthwiseConv2D,
  Dropout,
  Flatten,
  GlobalAveragePooling2D,
  MaxPool2D,
  MaxPooling2D,
  SeparableConv2D,
} from "../../lib/keras/mod.ts";
import { clearRandomSeed, setRandomSeed } from "../../lib/core/seed.ts";
import { setup } from "./helpers.ts";

async function values(v: tf.Tensor): Promise<number[]> {
  return Array.from(await v.data());
}

Deno.test("kernels are glorot_uniform, biases zeros (Keras defaults)", async () => {
  await setup();
  const conv = Conv2D(16, { kernelSize: [5, 5] });
  conv.build([null, 28, 28, 1]);
  const [kernel, bias] = conv.weights;
  const limit = Math.sqrt(6 / (25 * 1 + 25 * 16));
  const k = await values(kernel);
  assert.ok(k.every((x) => Math.abs(x) <= limit));
  assert.ok(
    Math.max(...k.map(Math.abs)) > limit * 0.9,
    "spread over the whole glorot range",
  );
  assert.deepEqual(await values(bias), new Array(16).fill(0));
  const dense = Dense(10);
  dense.build([null, 84]);
  const dk = await values(dense.weights[0]);
  assert.ok(dk.every((x) => Math.abs(x) <= Math.sqrt(6 / 94)));
});

Deno.test("BatchNormalization defaults to momentum 0.99 and epsilon 1e-3 with Keras weight order", async () => {
  await setup();
  const bn = BatchNormalization({ axis: 3 });
  assert.equal(bn.momentum, 0.99);
  assert.equal(bn.epsilon, 1e-3);
  bn.build([null, 4, 4, 3]);
  assert.deepEqual(bn.weightEntries.map((w) => [w.name, w.trainable]), [
    ["gamma", true],
    ["beta", true],
    ["moving_mean", false],
    ["moving_variance", false],
  ]);
  // Inference uses the moving statistics: (x - 0) / sqrt(1 + 1e-3).
  const y = bn.apply(tf.fill([1, 4, 4, 3], 2), { training: false });
  assert.ok(Math.abs((await values(y))[0] - 2 / Math.sqrt(1.001)) < 1e-6);
  y.dispose();
});

Deno.test("setRandomSeed makes initial weights repeatable", async () => {
  await setup();
  setRandomSeed(42);
  const a = Dense(5);
  a.build([null, 3]);
  setRandomSeed(42);
  const b = Dense(5);
  b.build([null, 3]);
  clearRandomSeed();
  assert.deepEqual(await values(a.weights[0]), await values(b.weights[0]));
});

Deno.test("layer names follow Keras: snake_case class names with per-session counters", async () => {
  await setup();
  const names = [
    Conv2D(1, { kernelSize: 1 }),
    Conv2D(1, { kernelSize: 1 }),
    MaxPool2D(),
    MaxPooling2D(),
    AvgPool2D(),
    DepthwiseConv2D({ kernelSize: 3 }),
    SeparableConv2D(2, { kernelSize: 3 }),
    GlobalAveragePooling2D(),
    BatchNormalization(),
    Flatten(),
    Flatten(),
    Dense(1),
    Dropout(0.5),
    Activation("relu"),
  ].map((l) => l.name);
  assert.deepEqual(names, [
    "conv2d",
    "conv2d_1",
    "max_pooling2d",
    "max_pooling2d_1",
    "average_pooling2d",
    "depthwise_conv2d",
    "separable_conv2d",
    "global_average_pooling2d",
    "batch_normalization",
    "flatten",
    "flatten_1",
    "dense",
    "dropout",
    "activation",
  ]);
  assert.equal(AvgPool2D, AveragePooling2D);
});

Deno.test("convolution and pooling shapes and parameter counts", async () => {
  await setup();
  const x = tf.zeros([2, 28, 28, 1]);
  const check = (
    layer: { apply(t: tf.Tensor): tf.Tensor; countParams(): number },
    shape: number[],
    params: number,
  ) => {
    const y = layer.apply(x);
    assert.deepEqual(y.shape, shape);
    assert.equal(layer.countParams(), params);
    y.dispose();
  };
  check(
    Conv2D(6, { kernelSize: [5, 5], padding: "same" }),
    [2, 28, 28, 6],
    156,
  );
  check(Conv2D(8, { kernelSize: [3, 3], useBias: false }), [2, 26, 26, 8], 72);
  check(Conv2D(4, { kernelSize: 3, strides: 2 }), [2, 13, 13, 4], 40);
  check(
    DepthwiseConv2D({ kernelSize: [3, 3], useBias: false }),
    [2, 26, 26, 1],
    9,
  );
  check(SeparableConv2D(8, { kernelSize: 3 }), [2, 26, 26, 8], 9 + 8 + 8);
  check(MaxPool2D({ poolSize: [2, 2] }), [2, 14, 14, 1], 0);
  check(MaxPool2D({ poolSize: [3, 3], strides: [1, 1], padding: "same" }), [
    2,
    28,
    28,
    1,
  ], 0);
  check(AvgPool2D({ poolSize: 3 }), [2, 9, 9, 1], 0);
  check(GlobalAveragePooling2D(), [2, 1], 0);
  check(Flatten(), [2, 784], 0);
  x.dispose();
});

Deno.test("pooling computes max and mean; activations by Keras name", async () => {
  await setup();
  const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
  const mp = MaxPool2D().apply(x);
  const ap = AvgPool2D().apply(x);
  assert.deepEqual(await values(mp), [4]);
  assert.deepEqual(await values(ap), [2.5]);
  const r = Activation("relu").apply(tf.tensor1d([-1, 2]).reshape([1, 2]));
  assert.deepEqual(await values(r), [0, 2]);
  const s = Activation("softmax").apply(tf.tensor2d([[0, 0]]));
  assert.deepEqual(await values(s), [0.5, 0.5]);
  tf.dispose([x, mp, ap, r, s]);
});

Deno.test("Dropout is the identity in inference and zeroes/rescales in training", async () => {
  await setup();
  const drop = Dropout(0.5, { seed: 3 });
  const x = tf.ones([1, 1000]);
  const inf = drop.apply(x);
  assert.deepEqual(await values(inf), new Array(1000).fill(1));
  const tr = drop.apply(x, { training: true });
  const v = await values(tr);
  assert.ok(v.every((e) => e === 0 || Math.abs(e - 2) < 1e-6));
  const zeros = v.filter((e) => e === 0).length;
  assert.ok(zeros > 400 && zeros < 600, `about half dropped, got ${zeros}`);
  tf.dispose([x, inf, tr]);
});

Deno.test("integer inputs (raw MNIST pixels) are cast to float32", async () => {
  await setup();
  const y = Conv2D(1, { kernelSize: 1, kernelInitializer: "ones" }).apply(
    tf.ones([1, 2, 2, 1], "int32"),
  );
  assert.equal(y.dtype, "float32");
  assert.deepEqual(await values(y), [1, 1, 1, 1]);
  y.dispose();
});
