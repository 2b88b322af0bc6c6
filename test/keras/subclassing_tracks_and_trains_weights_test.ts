import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  BatchNormalization,
  Conv2D,
  Dense,
  Flatten,
  Layer,
  Model,
} from "../../lib/keras/mod.ts";
import { ConvBlock, MiniResNet } from "../../lib/course/models/mod.ts";
import { setup } from "./helpers.ts";

Deno.test("sublayers assigned as fields are found in definition order, nested blocks included", async () => {
  await setup();
  const model = new MiniResNet(32);
  assert.equal(model.name, "mini_res_net");
  assert.deepEqual(model.layers.map((l) => l.name), [
    "conv2d",
    "ResidualBlock",
    "flatten",
    "dense",
  ]);
  assert.deepEqual(model.block.layers.map((l) => l.name), [
    "conv2d_1",
    "conv2d_2",
    "add",
    "activation",
  ]);
  assert.equal(model.built, false);
  model.build([null, 28, 28, 1]);
  assert.equal(model.built, true);
  assert.equal(model.block.built, true);
  assert.equal(model.trainableVariables.length, 8); // 4 kernels + 4 biases, 2 of them in the block
  assert.equal(model.countParams(), 270218);
  assert.equal(model.block.countParams(), 18496);
  assert.deepEqual(
    model.weightEntries.map((w) => w.path),
    [
      "conv2d/kernel",
      "conv2d/bias",
      "ResidualBlock/conv2d_1/kernel",
      "ResidualBlock/conv2d_1/bias",
      "ResidualBlock/conv2d_2/kernel",
      "ResidualBlock/conv2d_2/bias",
      "dense/kernel",
      "dense/bias",
    ],
  );
});

Deno.test("a subclassed model builds from call() on its first real batch", async () => {
  await setup();
  const model = new MiniResNet(4);
  const y = model.forward(tf.zeros([3, 28, 28, 1]), false);
  assert.deepEqual(y.shape, [3, 10]);
  assert.equal(model.built, true);
  assert.deepEqual(model.layers.map((l) => l.summaryOutputShape), [
    [null, 28, 28, 4],
    [null, 28, 28, 4],
    [null, 3136],
    [null, 10],
  ]);
  y.dispose();
});

Deno.test("one SGD step on MiniResNet changes every trainable weight, the residual block's convs included", async () => {
  await setup();
  // 8 filters keep the cpu backward pass short; the architecture is the tutorial's.
  const model = new MiniResNet(8);
  const x = tf.randomNormal([2, 28, 28, 1], 0, 1, "float32", 1);
  const labels = tf.oneHot(tf.tensor1d([3, 7], "int32"), 10);
  model.build([null, 28, 28, 1]);
  const vars = model.trainableVariables;
  const before = vars.map((v) => v.clone());
  const { value, grads } = tf.variableGrads(
    () =>
      tf.losses.softmaxCrossEntropy(
        labels,
        model.forward(x, true),
      ) as tf.Scalar,
    vars,
  );
  assert.deepEqual(Object.keys(grads).sort(), vars.map((v) => v.name).sort());
  tf.train.sgd(0.1).applyGradients(grads);
  for (const [i, v] of vars.entries()) {
    const changed = tf.tidy(() => tf.any(tf.notEqual(v, before[i])));
    assert.ok(
      (await changed.data())[0],
      `weight ${model.weightEntries[i].path} did not change`,
    );
    changed.dispose();
  }
  tf.dispose([x, labels, value, ...before, ...Object.values(grads)]);
});

Deno.test("custom layers track arrays of layers, own weights and trainable=false", async () => {
  await setup();
  class Stack extends Layer {
    blocks = [Dense(4), Dense(4)];
    scale: tf.Variable | undefined;
    override call(inputs: tf.Tensor): tf.Tensor {
      this.scale ??= this.addWeight("scale", [1], tf.initializers.ones(), true);
      let x = inputs;
      for (const b of this.blocks) x = b.apply(x);
      return tf.mul(x, this.scale);
    }
  }
  const stack = new Stack();
  assert.equal(stack.name, "stack");
  const y = stack.apply(tf.ones([2, 3]));
  assert.deepEqual(y.shape, [2, 4]);
  assert.equal(stack.weights.length, 5);
  assert.equal(stack.countParams(), 1 + (3 * 4 + 4) + (4 * 4 + 4));
  stack.blocks[1].trainable = false;
  assert.equal(stack.trainableWeights.length, 3);
  assert.equal(stack.nonTrainableWeights.length, 2);
  y.dispose();
});

Deno.test("training mode reaches nested BatchNormalization: moving statistics update only when training", async () => {
  await setup();
  class Net extends Model {
    block = new ConvBlock(2, 3);
    flat = Flatten();
    override call(inputs: tf.Tensor): tf.Tensor {
      return this.flat.apply(this.block.apply(inputs));
    }
  }
  const net = new Net();
  const x = tf.randomNormal([4, 6, 6, 1], 3, 2, "float32", 7);
  net.build([null, 6, 6, 1]);
  assert.equal(net.nonTrainableVariables.length, 2); // moving mean and variance
  const mean = net.nonTrainableVariables[0];
  const m0 = Array.from(await mean.data());
  tf.tidy(() => net.forward(x, false));
  assert.deepEqual(Array.from(await mean.data()), m0);
  tf.tidy(() => net.forward(x, true));
  assert.notDeepEqual(Array.from(await mean.data()), m0);
  x.dispose();
});

Deno.test("a subclassed model with Conv2D + BatchNormalization summary counts non-trainable params", async () => {
  await setup();
  class Small extends Model {
    conv = Conv2D(2, { kernelSize: 3, useBias: false });
    bn = BatchNormalization({ axis: 3 });
    override call(inputs: tf.Tensor): tf.Tensor {
      return this.bn.apply(this.conv.apply(inputs));
    }
  }
  const m = new Small();
  m.build([null, 5, 5, 1]);
  const text = m.summaryText({ lineLength: 88 });
  assert.match(text, / Total params: 26 \(104\.00 B\)/);
  assert.match(text, / Trainable params: 22 \(88\.00 B\)/);
  assert.match(text, / Non-trainable params: 4 \(16\.00 B\)/);
});
