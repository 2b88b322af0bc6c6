import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  Activation,
  Add,
  Concatenate,
  Conv2D,
  Dense,
  Input,
  KerasTensor,
  Model,
} from "../../lib/keras/mod.ts";
import { setup } from "./helpers.ts";

Deno.test("Input + Dense(32).apply(a) + Model gives a Functional with Keras names and shapes", async () => {
  await setup();
  const a = Input({ shape: [32] });
  const b = Dense(32).apply(a);
  assert.ok(b instanceof KerasTensor);
  assert.deepEqual(b.shape, [null, 32]);
  const model = new Model({ inputs: a, outputs: b });
  assert.equal(model.name, "functional");
  assert.equal(model.className, "Functional");
  assert.deepEqual(model.layers.map((l) => `${l.name} (${l.className})`), [
    "input_layer (InputLayer)",
    "dense (Dense)",
  ]);
  assert.equal(model.countParams(), 32 * 32 + 32);
  // A chain is "sequential-like": Keras prints no Connected to column.
  assert.ok(!model.summaryText({ lineLength: 88 }).includes("Connected to"));
  const y = model.predict(tf.ones([5, 32]), { verbose: 0 });
  assert.deepEqual((await y).shape, [5, 32]);
  (await y).dispose();
});

Deno.test("Concatenate and Add join branches; the graph runs eagerly with the right values", async () => {
  await setup();
  const x = Input({ shape: [2, 2, 3] });
  const p = Activation("linear").apply(x);
  const q = Activation("relu").apply(x);
  const cat = Concatenate({ axis: -1 }).apply([p, q]);
  const sum = Add().apply([p, q]);
  assert.deepEqual(cat.shape, [null, 2, 2, 6]);
  assert.deepEqual(sum.shape, [null, 2, 2, 3]);
  const model = new Model({ inputs: x, outputs: [cat, sum], name: "branches" });
  const input = tf.tensor4d([-1, 2, -3, 4, -5, 6, -7, 8, -9, 10, -11, 12], [
    1,
    2,
    2,
    3,
  ]);
  const [c, s] = model.call(input) as tf.Tensor[];
  const cv = await c.array() as number[][][][];
  assert.deepEqual(cv[0][0][0], [-1, 2, -3, 0, 2, 0]);
  assert.deepEqual(Array.from(await s.data()), [
    -1,
    4,
    -3,
    8,
    -5,
    12,
    -7,
    16,
    -9,
    20,
    -11,
    24,
  ]);
  tf.dispose([input, c, s]);
});

Deno.test("a branching model's summary has Connected to with layer[node][tensor] references", async () => {
  await setup();
  const x = Input({ shape: [8, 8, 1] });
  const c = Conv2D(4, { kernelSize: 3, padding: "same" }).apply(x);
  const d = Conv2D(4, { kernelSize: 1 }).apply(x);
  const y = Add().apply([c, d]);
  const model = new Model({ inputs: x, outputs: y });
  const text = model.summaryText({ lineLength: 108 });
  assert.match(text, /Connected to/);
  // Keras wraps the cell at the comma; the second reference continues below.
  assert.match(
    text,
    /│ add \(Add\) +│ \(None, 8, 8, 4\) +│ +0 │ conv2d\[0\]\[0\], +│\n│ +│ +│ +│ conv2d_1\[0\]\[0\] +│/,
  );
  assert.match(
    text,
    /│ conv2d \(Conv2D\)\s+│ \(None, 8, 8, 4\)\s+│\s+40 │ input_layer\[0\]\[0\]\s+│/,
  );
});

Deno.test("layer.apply on a real tensor computes eagerly and builds the layer", async () => {
  await setup();
  const dense = Dense(2, { kernelInitializer: "ones" });
  const y = dense.apply(tf.tensor2d([[1, 2, 3]]));
  assert.ok(y instanceof tf.Tensor);
  assert.deepEqual(Array.from(await y.data()), [6, 6]);
  assert.equal(dense.built, true);
  y.dispose();
});

Deno.test("a model can be used as a layer inside another Functional model", async () => {
  await setup();
  const a = Input({ shape: [4] });
  const inner = new Model({
    inputs: a,
    outputs: Dense(3).apply(a),
    name: "inner",
  });
  const b = Input({ shape: [4] });
  const out = Dense(1).apply(inner.apply(b));
  const outer = new Model({ inputs: b, outputs: out });
  assert.equal(outer.countParams(), 15 + 4);
  const y = outer.call(tf.ones([2, 4])) as tf.Tensor;
  assert.deepEqual(y.shape, [2, 1]);
  y.dispose();
});
