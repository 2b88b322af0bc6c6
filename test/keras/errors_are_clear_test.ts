import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  Activation,
  Add,
  Concatenate,
  Conv2D,
  Dense,
  Input,
  KerasError,
  Layer,
  MaxPool2D,
  Model,
  Sequential,
} from "../../lib/keras/mod.ts";
import { setup } from "./helpers.ts";

Deno.test("a layer applied to the wrong rank names the layer, the expected rank and the shape", async () => {
  await setup();
  const x = Input({ shape: [28, 28] });
  assert.throws(
    () => Conv2D(6, { kernelSize: 5, name: "C1" }).apply(x),
    (e: Error) =>
      e instanceof KerasError && /"C1" \(Conv2D\)/.test(e.message) &&
      /expected ndim=4/.test(e.message) &&
      /found ndim=3/.test(e.message) && /\(None, 28, 28\)/.test(e.message),
  );
  const images = tf.zeros([2, 28, 28]);
  assert.throws(
    () => MaxPool2D({ name: "S2" }).apply(images),
    /"S2" \(MaxPooling2D\).*\(None, 28, 28\)/s,
  );
  images.dispose();
});

Deno.test("a Dense layer fed a different width than it was built for says both widths", async () => {
  await setup();
  const d = Dense(3, { name: "F6" });
  d.build([null, 4]);
  const x = tf.zeros([1, 5]);
  assert.throws(() => d.apply(x), /"F6" \(Dense\).*value 4.*\(None, 5\)/s);
  x.dispose();
});

Deno.test("mismatched Concatenate and Add shapes list every input shape", async () => {
  await setup();
  const x = Input({ shape: [28, 28, 1] });
  const a = Conv2D(8, { kernelSize: 3, padding: "same" }).apply(x);
  const b = Conv2D(8, { kernelSize: 3 }).apply(x);
  assert.throws(
    () => Concatenate({ name: "cat" }).apply([a, b]),
    /"cat".*matching shapes except for the concatenation axis.*\(None, 28, 28, 8\), \(None, 26, 26, 8\)/s,
  );
  assert.throws(
    () => Add({ name: "sum" }).apply([a, b]),
    /"sum" \(Add\).*\(None, 28, 28, 8\) and \(None, 26, 26, 8\)/s,
  );
  assert.throws(() => Add().apply(a), /list of at least 2 inputs/);
});

Deno.test("summary, build and fit of a Sequential with no layers explain what to add", async () => {
  await setup();
  const empty = new Sequential({ name: "vacío" });
  assert.throws(
    () => empty.summary(),
    /"vacío" has no layers.*summary\(\).*model\.add/s,
  );
  assert.throws(() => empty.build([null, 4]), /has no layers/);
  empty.compile({ optimizer: "sgd", loss: "mean_squared_error" });
  const x = tf.zeros([2, 4]);
  await assert.rejects(
    () => empty.fit(x, x),
    /"vacío" has no layers, so it cannot fit\(\)/,
  );
  x.dispose();
});

Deno.test("unknown activation, loss and optimizer names are reported with the valid choices", async () => {
  await setup();
  assert.throws(
    () => Dense(3, { activation: "rleu", name: "F6" }),
    /Unknown activation "rleu" for layer "F6".*relu/s,
  );
  assert.throws(
    () => Activation("sofmax"),
    /Unknown activation "sofmax".*softmax/s,
  );
  const model = new Sequential({ layers: [Dense(2)] });
  assert.throws(
    () =>
      model.compile({
        optimizer: "sgd",
        loss: "sparse_categorical_crossentropi",
      }),
    /sparse_categorical_crossentropy/,
  );
  assert.throws(
    () => model.compile({ optimizer: "adamw", loss: "mse" }),
    /adam/i,
  );
  assert.throws(
    () => Conv2D(4, { kernelSize: 3, padding: "full" as never }),
    /padding must be "valid" or "same"/,
  );
  assert.throws(
    () => Conv2D(0, { kernelSize: 3 }),
    /filters must be a positive integer/,
  );
});

Deno.test("a subclassed model whose call() returns nothing says so and names the model", async () => {
  await setup();
  class Forgetful extends Model {
    dense = Dense(2);
    override call(inputs: tf.Tensor) {
      this.dense.apply(inputs);
    }
  }
  const m = new Forgetful();
  assert.throws(
    () => m.build([null, 3]),
    /"forgetful" \(Forgetful\) returned undefined.*forget a "return"/s,
  );
  const x = tf.zeros([1, 3]);
  assert.throws(() => m.forward(x, false), /returned undefined/);
  class NoCall extends Layer {}
  assert.throws(
    () => new NoCall().apply(x),
    /"no_call" \(NoCall\) has no call\(\) method/,
  );
  x.dispose();
});

Deno.test("a built model fed the wrong input shape names the model and both shapes", async () => {
  await setup();
  const model = new Sequential({
    name: "LeNet-5",
    layers: [Conv2D(2, { kernelSize: 3 })],
  });
  model.build([null, 28, 28, 1]);
  const x = tf.zeros([1, 28, 28, 3]);
  assert.throws(
    () => model.forward(x, false),
    /"LeNet-5".*\(None, 28, 28, 1\).*\(None, 28, 28, 3\)/s,
  );
  const a = Input({ shape: [4] });
  const f = new Model({ inputs: a, outputs: Dense(1).apply(a), name: "f" });
  const wide = tf.zeros([2, 5]);
  assert.throws(
    () => f.forward(wide, false),
    /model "f".*\(None, 4\).*\(None, 5\)/s,
  );
  tf.dispose([x, wide]);
});
