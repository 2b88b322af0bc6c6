import assert from "node:assert/strict";
import {
  Concatenate,
  Conv2D,
  Dense,
  Flatten,
  Input,
  type KerasTensor,
  MaxPool2D,
  Model,
} from "../../lib/keras/mod.ts";
import {
  checkInceptionReduction,
  reductionSaving,
} from "../../lib/course/exercises/inception_reduction.ts";
import { assertFailsWith, assertPasses } from "./helpers.ts";

type Branch5 = (
  t: KerasTensor,
  nFilters: number,
  nReduce: number,
) => KerasTensor;

const reduced: Branch5 = (t, nFilters, nReduce) => {
  const r = Conv2D(nReduce, {
    kernelSize: [1, 1],
    activation: "relu",
    padding: "same",
  }).apply(t);
  return Conv2D(nFilters, {
    kernelSize: [5, 5],
    activation: "relu",
    padding: "same",
  }).apply(r);
};
const direct: Branch5 = (t, nFilters) =>
  Conv2D(nFilters, { kernelSize: [5, 5], activation: "relu", padding: "same" })
    .apply(t);
const reductionAfter: Branch5 = (t, nFilters, nReduce) => {
  const b = Conv2D(nFilters, {
    kernelSize: [5, 5],
    activation: "relu",
    padding: "same",
  }).apply(t);
  return Conv2D(nReduce, {
    kernelSize: [1, 1],
    activation: "relu",
    padding: "same",
  }).apply(b);
};
const noRealReduction: Branch5 = (t, nFilters) =>
  reduced(t, nFilters, nFilters);

function miniInception(branch5: Branch5): Model {
  const input = Input({ shape: [28, 28, 1] });
  const x = Conv2D(16, { kernelSize: [5, 5], padding: "same" }).apply(input);
  const b1 = Conv2D(32, {
    kernelSize: [1, 1],
    activation: "relu",
    padding: "same",
  }).apply(x);
  const b5 = branch5(x, 32, 8);
  const b3 = Conv2D(32, {
    kernelSize: [3, 3],
    activation: "relu",
    padding: "same",
  }).apply(x);
  const bp = MaxPool2D({ poolSize: [3, 3], strides: [1, 1], padding: "same" })
    .apply(x);
  const cat = Concatenate({ axis: -1 }).apply([b1, b5, b3, bp]);
  const out = Dense(10, { activation: "softmax" }).apply(Flatten().apply(cat));
  return new Model({ inputs: input, outputs: out });
}

Deno.test("the reduction saves 6,264 parameters and the model has 890,258", () => {
  assert.equal(reductionSaving(), 6264);
  const m = miniInception(reduced);
  assert.equal(m.countParams(), 896522 - 6264);
});

Deno.test("the reduced inception and the right saving pass", () => {
  assertPasses(checkInceptionReduction(miniInception(reduced), 6264));
});

Deno.test("the template (tutorial's inception, no saving) fails with the reduction hint", () => {
  const r = checkInceptionReduction(miniInception(direct), undefined);
  assertFailsWith(
    r,
    "lee directamente los 16 canales",
    "aplica la convolución 5×5 a *su* salida",
  );
  assertFailsWith(r, "Todavía no has calculado `ahorro`", "Resta");
});

Deno.test("a 1×1 after the 5×5 is caught", () => {
  const r = checkInceptionReduction(miniInception(reductionAfter), 6264);
  assertFailsWith(r, "está detrás de la 5×5", "Conv2D(nReduce");
});

Deno.test("a 1×1 that keeps 16→32 channels is not a reduction", () => {
  const r = checkInceptionReduction(miniInception(noRealReduction), 6264);
  assertFailsWith(r, "produce 32 canales en vez de 8", "nReduce");
});

Deno.test("a saving that forgets the 1×1's own parameters is named", () => {
  const r = checkInceptionReduction(miniInception(reduced), 6264 + 136);
  assertFailsWith(r, "olvidaste los parámetros de la propia 1×1", "la 1×1");
  const neg = checkInceptionReduction(miniInception(reduced), -6264);
  assertFailsWith(neg, "signo cambiado", "original − reducida");
});
