/**
 * A Functional model used as a layer of another model saves its own graph
 * (its `getConfig()` is Keras's `Functional.get_config()`) and loads back
 * whole, inside a Functional model and inside a Sequential.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  BatchNormalization,
  Concatenate,
  Conv2D,
  Dense,
  Flatten,
  Input,
  Model,
  Sequential,
} from "../../lib/keras/mod.ts";
import { samePredictions, saveAndLoad, setup } from "./helpers.ts";

/** Two branches joined: a graph a class-name string could not describe. */
function branches(): Model {
  const input = Input({ shape: [6, 6, 1], name: "branches_in" });
  const a = Conv2D(2, { kernelSize: [1, 1], name: "a" }).apply(input);
  const b = Conv2D(3, { kernelSize: [3, 3], padding: "same", name: "b" })
    .apply(input);
  const joined = Concatenate({ name: "join" }).apply([a, b]);
  const normed = BatchNormalization({ name: "bn" }).apply(joined);
  return new Model({
    name: "branches",
    inputs: input,
    outputs: Flatten({ name: "flat" }).apply(normed),
  });
}

Deno.test("a Functional model's getConfig holds its graph: layers, inbound nodes, inputs and outputs", async () => {
  await setup();
  const config = branches().getConfig();
  assert.equal(config.name, "branches");
  const layers = config.layers as {
    class_name: string;
    name: string;
    inbound_nodes: { inputs: unknown[] }[];
  }[];
  assert.deepEqual(layers.map((l) => `${l.class_name}:${l.name}`), [
    "InputLayer:branches_in",
    "Conv2D:a",
    "Conv2D:b",
    "Concatenate:join",
    "BatchNormalization:bn",
    "Flatten:flat",
  ]);
  assert.deepEqual(
    layers[3].inbound_nodes.map((n) => n.inputs),
    [[["a", 0, 0], ["b", 0, 0]]],
  );
  assert.deepEqual(config.input_layers, [["branches_in", 0, 0]]);
  assert.deepEqual(config.output_layers, [["flat", 0, 0]]);
});

Deno.test("a Functional model nested in a Functional model round-trips with its graph and weights", async () => {
  await setup();
  const input = Input({ shape: [6, 6, 1], name: "outer_in" });
  const inner = branches();
  const output = Dense(2, { name: "head" }).apply(inner.apply(input));
  const model = new Model({ name: "wrapper", inputs: input, outputs: output });
  const x = tf.randomNormal([4, 6, 6, 1], 1, 2, "float32", 7);
  tf.tidy(() => model.forward(x, true)); // moves the moving statistics off 0/1
  const loaded = await saveAndLoad(model);
  assert.equal(loaded.className, "Functional");
  const nested = loaded.getLayer("branches");
  assert.ok(nested instanceof Model && nested.graph, nested.className);
  assert.deepEqual(nested.layers.map((l) => l.name), [
    "branches_in",
    "a",
    "b",
    "join",
    "bn",
    "flat",
  ]);
  assert.equal(loaded.countParams(), model.countParams());
  assert.equal(
    loaded.summaryText({ lineLength: 100 }),
    model.summaryText({ lineLength: 100 }),
  );
  await samePredictions(model, loaded, x);
  x.dispose();
});

Deno.test("a Functional model nested in a Sequential round-trips too", async () => {
  await setup();
  const outer = new Sequential({
    name: "outer",
    layers: [branches(), Dense(3, { activation: "softmax", name: "head" })],
  });
  outer.build([null, 6, 6, 1]);
  const x = tf.randomUniform([3, 6, 6, 1], 0, 1, "float32", 8);
  const loaded = await saveAndLoad(outer);
  const nested = loaded.layers[0];
  assert.ok(nested instanceof Model && nested.graph, nested.className);
  assert.equal(nested.className, "Functional");
  assert.equal(loaded.countParams(), outer.countParams());
  await samePredictions(outer, loaded, x);
  x.dispose();
});
