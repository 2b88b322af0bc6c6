import assert from "node:assert/strict";
import {
  Conv2D,
  Dense,
  DepthwiseConv2D,
  GlobalAveragePooling2D,
  MaxPool2D,
  Sequential,
} from "../../lib/keras/mod.ts";
import { checkOutputShapes } from "../../lib/course/exercises/output_shapes.ts";
import { assertFailsWith, assertPasses } from "./helpers.ts";

/** The notebook's stack. */
function stack(): Sequential {
  const m = new Sequential({ name: "pila" });
  m.add(Conv2D(8, { kernelSize: [3, 3] }));
  m.add(MaxPool2D({ poolSize: [2, 2] }));
  m.add(Conv2D(16, { kernelSize: [3, 3], strides: 2, padding: "same" }));
  m.add(DepthwiseConv2D({ kernelSize: [3, 3] }));
  m.add(Conv2D(32, { kernelSize: [1, 1] }));
  m.add(GlobalAveragePooling2D());
  m.add(Dense(10, { activation: "softmax" }));
  return m;
}

const SOLUTION = [
  [null, 26, 26, 8],
  [null, 13, 13, 8],
  [null, 7, 7, 16],
  [null, 5, 5, 16],
  [null, 5, 5, 32],
  [null, 32],
  [null, 10],
];

Deno.test("the right shapes pass", async () => {
  assertPasses(await checkOutputShapes(stack(), SOLUTION));
});

Deno.test("the untouched template (undefined) fails asking for 7 shapes", async () => {
  const r = await checkOutputShapes(stack(), undefined);
  assertFailsWith(r, "Todavía no has escrito", "7 formas");
});

Deno.test("'same' padding taken as 'valid' with stride 2 gets the padding hint", async () => {
  const answers = SOLUTION.map((s) => [...s]);
  answers[2] = [null, 6, 6, 16];
  answers[3] = [null, 4, 4, 16];
  answers[4] = [null, 4, 4, 32];
  const r = await checkOutputShapes(stack(), answers);
  assertFailsWith(r, "Capa 3", 'padding "same" el tamaño es ⌈entrada / 2⌉');
  assert.equal(r.wrong.length, 3);
  assert.equal(r.right.length, 4);
});

Deno.test("a depthwise that changes channels gets the depthwise hint", async () => {
  const answers = SOLUTION.map((s) => [...s]);
  answers[3] = [null, 5, 5, 32];
  const r = await checkOutputShapes(stack(), answers);
  assertFailsWith(r, "Capa 4", "la depthwise conserva el número de canales");
});

Deno.test("shapes without the batch dimension are flagged as such", async () => {
  const answers = SOLUTION.map((s) => s.slice(1));
  const r = await checkOutputShapes(stack(), answers);
  assertFailsWith(r, "falta la dimensión del lote", "`null`");
});

Deno.test("a missing shape in the list is reported", async () => {
  const r = await checkOutputShapes(stack(), SOLUTION.slice(0, 6));
  assertFailsWith(r, "Hay 7 capas pero escribiste 6", "Una forma por capa");
});

Deno.test("the template's list of undefined asks for every layer", async () => {
  const r = await checkOutputShapes(stack(), SOLUTION.map(() => undefined));
  assertFailsWith(r, "(Dense): falta tu predicción", "TODO");
  assert.equal(r.wrong.length, 7);
});
