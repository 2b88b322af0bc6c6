/**
 * A Sequential used as a layer of another model saves its own layers (its
 * `getConfig()` lists them, as Keras's does) and loads back whole, inside a
 * Sequential and inside a Functional model.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  BatchNormalization,
  Conv2D,
  Dense,
  Flatten,
  Input,
  MaxPooling2D,
  Model,
  Sequential,
} from "../../lib/keras/mod.ts";
import { samePredictions, saveAndLoad, setup } from "./helpers.ts";

function features(): Sequential {
  return new Sequential({
    name: "features",
    layers: [
      Conv2D(4, { kernelSize: [3, 3], activation: "relu", name: "conv" }),
      BatchNormalization({ name: "bn" }),
      MaxPooling2D({ name: "pool" }),
      Flatten({ name: "flat" }),
    ],
  });
}

Deno.test("Sequential.getConfig lists each layer's class and config and the build shape", async () => {
  await setup();
  const inner = features();
  inner.build([null, 8, 8, 1]);
  const config = inner.getConfig();
  assert.equal(config.name, "features");
  assert.deepEqual(config.build_input_shape, [null, 8, 8, 1]);
  const layers = config.layers as {
    class_name: string;
    config: Record<string, unknown>;
  }[];
  assert.deepEqual(layers.map((l) => l.class_name), [
    "Conv2D",
    "BatchNormalization",
    "MaxPooling2D",
    "Flatten",
  ]);
  assert.equal(layers[0].config.filters, 4);
  assert.deepEqual(layers[0].config.kernelSize, [3, 3]);
  assert.equal(layers[0].config.activation, "relu");
});

Deno.test("a Sequential nested in a Sequential round-trips with its layers and weights", async () => {
  await setup();
  const outer = new Sequential({
    name: "outer",
    layers: [features(), Dense(3, { activation: "softmax", name: "head" })],
  });
  outer.build([null, 8, 8, 1]);
  const x = tf.randomNormal([5, 8, 8, 1], 1, 2, "float32", 3);
  tf.tidy(() => outer.forward(x, true)); // moves the moving statistics off 0/1
  const loaded = await saveAndLoad(outer);
  const inner = loaded.layers[0];
  assert.ok(inner instanceof Sequential, inner.className);
  assert.deepEqual(inner.layers.map((l) => l.name), [
    "conv",
    "bn",
    "pool",
    "flat",
  ]);
  assert.equal(loaded.countParams(), outer.countParams());
  assert.equal(
    loaded.summaryText({ lineLength: 90 }),
    outer.summaryText({ lineLength: 90 }),
  );
  await samePredictions(outer, loaded, x);
  x.dispose();
});

Deno.test("a Sequential nested in a Functional model round-trips too", async () => {
  await setup();
  const input = Input({ shape: [8, 8, 1] });
  const output = Dense(2, { name: "head" }).apply(features().apply(input));
  const model = new Model({ name: "wrapper", inputs: input, outputs: output });
  const x = tf.randomUniform([3, 8, 8, 1], 0, 1, "float32", 4);
  const loaded = await saveAndLoad(model);
  assert.equal(loaded.className, "Functional");
  assert.ok(loaded.getLayer("features") instanceof Sequential);
  assert.equal(loaded.countParams(), model.countParams());
  await samePredictions(model, loaded, x);
  x.dispose();
});
