import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Dense, Flatten, Input, Sequential } from "../../lib/keras/mod.ts";
import { lenet5 } from "../../lib/course/models/mod.ts";
import { optimizers } from "../../lib/training/optimizers.ts";
import { setup } from "./helpers.ts";

Deno.test("a Sequential without input shape stays unbuilt until build() and then has Keras's shapes", async () => {
  await setup();
  const lenet = lenet5();
  assert.equal(lenet.built, false);
  assert.equal(lenet.weights.length, 0);
  assert.throws(() => lenet.countParams(), /isn't built/);
  lenet.build([null, 28, 28, 1]);
  assert.equal(lenet.built, true);
  assert.equal(lenet.countParams(), 61706);
  assert.deepEqual(lenet.layers.map((l) => l.countParams()), [
    156,
    0,
    2416,
    0,
    48120,
    0,
    10164,
    850,
  ]);
  assert.deepEqual(lenet.layers.map((l) => l.summaryOutputShape), [
    [null, 28, 28, 6],
    [null, 14, 14, 6],
    [null, 10, 10, 16],
    [null, 5, 5, 16],
    [null, 1, 1, 120],
    [null, 120],
    [null, 84],
    [null, 10],
  ]);
  // The implicit Input and inner Functional consume Keras's counters, as in Keras.
  assert.equal(lenet.functional?.name, "functional");
  assert.equal(lenet.functional?.layers[0].name, "input_layer");
});

Deno.test("a Sequential builds on the first predict", async () => {
  await setup();
  const model = new Sequential({ layers: [Dense(3)] });
  assert.equal(model.name, "sequential");
  assert.equal(model.built, false);
  const y = await model.predict(tf.ones([2, 4]), { verbose: 0 });
  assert.deepEqual(y.shape, [2, 3]);
  assert.equal(model.built, true);
  assert.equal(model.countParams(), 15);
  y.dispose();
});

Deno.test("a Sequential builds on the first fit and trains", async () => {
  await setup();
  const model = new Sequential();
  model.add(Dense(8, { activation: "relu" }));
  model.add(Dense(2, { activation: "softmax" }));
  model.compile({
    optimizer: optimizers.Adam({ learningRate: 0.05 }),
    loss: "sparse_categorical_crossentropy",
    metrics: ["accuracy"],
  });
  const x = tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1], [0.1, 0.9], [
    0.9,
    0.1,
  ]]);
  const y = tf.tensor1d([0, 1, 1, 0, 1, 1], "int32");
  const history = await model.fit(x, y, {
    epochs: 30,
    batchSize: 6,
    verbose: 0,
  });
  assert.equal(model.built, true);
  assert.equal(history.history.loss.length, 30);
  assert.ok(history.history.loss[29] < history.history.loss[0]);
  const [loss, acc] = await model.evaluate(x, y, { verbose: 0 });
  assert.ok(Number.isFinite(loss) && acc >= 0 && acc <= 1);
  tf.dispose([x, y]);
});

Deno.test("a first layer with inputShape builds the Sequential at once; later adds rebuild it", async () => {
  await setup();
  const model = new Sequential({ name: "mlp" });
  model.add(Dense(16, { inputShape: [4], activation: "relu" }));
  assert.equal(model.built, true);
  assert.deepEqual(model.layers[0].summaryOutputShape, [null, 16]);
  model.add(Dense(3));
  assert.equal(model.built, true);
  assert.deepEqual(model.layers[1].summaryOutputShape, [null, 3]);
  assert.equal(model.countParams(), 4 * 16 + 16 + 16 * 3 + 3);
});

Deno.test("Sequential rejects duplicate layer names and non-layers", async () => {
  await setup();
  const model = new Sequential();
  model.add(Flatten({ name: "f" }));
  assert.throws(() => model.add(Flatten({ name: "f" })), /unique names.*"f"/);
  assert.throws(() => model.add(42 as never), /add\(\) expects a layer/);
});

Deno.test("adding an Input() first fixes the input shape and builds at once", async () => {
  await setup();
  const model = new Sequential();
  model.add(Input({ shape: [28, 28, 1] }));
  model.add(Flatten());
  model.add(Dense(10));
  assert.equal(model.built, true);
  assert.deepEqual(model.layers.map((l) => l.name), ["flatten", "dense"]);
  assert.equal(model.countParams(), 7850);
});
