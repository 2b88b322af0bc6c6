import assert from "node:assert/strict";
import {
  Conv2D,
  Dense,
  Flatten,
  MaxPool2D,
  type Model,
  SeparableConv2D,
  Sequential,
} from "../../lib/keras/mod.ts";
import { optimizers, setRandomSeed } from "../../lib/training/mod.ts";
import {
  checkSeparableModel,
  SEPARABLE_MAX_PARAMS,
  separableMinAccuracy,
} from "../../lib/course/exercises/separable_model.ts";
import { assertFailsWith, assertPasses } from "./helpers.ts";
import { mnistSubset } from "./mnist_subset.ts";

const data = await mnistSubset(2048, 512);
const QUICK = { minAccuracy: separableMinAccuracy(true) };

function compiled(m: Model): Model {
  m.compile({
    optimizer: optimizers.Adam({ learningRate: 0.01 }),
    loss: "sparse_categorical_crossentropy",
    metrics: ["accuracy"],
  });
  return m;
}

/** The notebook's reference conv model (what the template hands in). */
function convModel(): Model {
  return compiled(
    new Sequential({
      name: "conv",
      layers: [
        Conv2D(16, { kernelSize: [3, 3], activation: "relu" }),
        MaxPool2D({ poolSize: [2, 2] }),
        Conv2D(32, { kernelSize: [3, 3], activation: "relu" }),
        MaxPool2D({ poolSize: [2, 2] }),
        Flatten(),
        Dense(10, { activation: "softmax" }),
      ],
    }),
  );
}

/** The solution: both 3×3 convolutions made separable. */
function separableModel(): Model {
  return compiled(
    new Sequential({
      name: "separable",
      layers: [
        SeparableConv2D(16, { kernelSize: [3, 3], activation: "relu" }),
        MaxPool2D({ poolSize: [2, 2] }),
        SeparableConv2D(32, { kernelSize: [3, 3], activation: "relu" }),
        MaxPool2D({ poolSize: [2, 2] }),
        Flatten(),
        Dense(10, { activation: "softmax" }),
      ],
    }),
  );
}

/** Separable, but flattens a 26×26 map: far too many parameters. */
function bigSeparable(): Model {
  return compiled(
    new Sequential({
      name: "big",
      layers: [
        SeparableConv2D(16, { kernelSize: [3, 3], activation: "relu" }),
        Flatten(),
        Dense(10, { activation: "softmax" }),
      ],
    }),
  );
}

Deno.test("the trained separable solution passes the quick-mode bar", async () => {
  setRandomSeed(1);
  const m = separableModel();
  await m.fit(data.train.x, data.train.y, {
    epochs: 1,
    batchSize: 32,
    verbose: 0,
  });
  assert.ok(m.countParams() < SEPARABLE_MAX_PARAMS);
  assertPasses(await checkSeparableModel(m, data.test.x, data.test.y, QUICK));
});

Deno.test("the template's standard conv model fails on structure and size", async () => {
  const m = convModel();
  m.build([null, 28, 28, 1]);
  const r = await checkSeparableModel(m, data.test.x, data.test.y, QUICK);
  assertFailsWith(r, "no usa ninguna convolución separable", "SeparableConv2D");
  assertFailsWith(r, "Quedan convoluciones estándar", "pointwise");
  assertFailsWith(r, "12,810 parámetros", "GlobalAveragePooling2D");
});

Deno.test("a separable model that flattens too early is too big", async () => {
  const m = bigSeparable();
  m.build([null, 28, 28, 1]);
  const r = await checkSeparableModel(m, data.test.x, data.test.y, QUICK);
  assertFailsWith(r, "el límite es 10,000", "reduce el mapa");
});

Deno.test("an untrained separable model fails on accuracy", async () => {
  const m = separableModel();
  m.build([null, 28, 28, 1]);
  const r = await checkSeparableModel(m, data.test.x, data.test.y, QUICK);
  assertFailsWith(r, "hace falta al menos 0.75", "Adam");
  assert.equal(r.wrong.length, 1);
});

Deno.test("an unbuilt model is told to train first", async () => {
  const r = await checkSeparableModel(
    separableModel(),
    data.test.x,
    data.test.y,
    QUICK,
  );
  assertFailsWith(r, "no está construido", "fit");
});

Deno.test("the accuracy bar is lower in quick mode than in full mode", () => {
  assert.ok(separableMinAccuracy(true) < separableMinAccuracy(false));
});
