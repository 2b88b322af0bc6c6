import assert from "node:assert/strict";
import { History } from "../../lib/training/history.ts";
import {
  checkReluLenet,
  LENET_PARAMS,
} from "../../lib/course/exercises/relu_lenet.ts";
import { assertFailsWith, assertPasses } from "./helpers.ts";
import { lenet } from "./lenet_variants.ts";
import { mnistSubset } from "./mnist_subset.ts";

const data = await mnistSubset(256, 128);

function history(valAccuracy: number[]): History {
  const h = new History();
  valAccuracy.forEach((v, i) =>
    h.onEpochEnd(i, { loss: 1 / (i + 1), val_accuracy: v })
  );
  return h;
}

Deno.test("LeNet-5 has 61,706 parameters", () => {
  assert.equal(LENET_PARAMS, 61706);
});

Deno.test("the solution passes with real histories and the winner they show", async () => {
  const opts = {
    epochs: 1,
    batchSize: 32,
    verbose: 0 as const,
    validationData: [data.test.x, data.test.y] as [
      typeof data.test.x,
      typeof data.test.y,
    ],
  };
  const historyTanh = await lenet().fit(data.train.x, data.train.y, opts);
  const model = lenet({ activation: "relu" });
  const historyRelu = await model.fit(data.train.x, data.train.y, opts);
  const accT = historyTanh.history.val_accuracy[0];
  const accR = historyRelu.history.val_accuracy[0];
  const better = accR >= accT ? "relu" : "tanh";
  assertPasses(
    await checkReluLenet({ model, historyTanh, historyRelu, better }),
  );
});

Deno.test("the untouched template (tanh model, no answer) fails", async () => {
  const r = await checkReluLenet({
    model: lenet(),
    historyTanh: history([0.9]),
    historyRelu: history([0.92]),
    better: undefined,
  });
  assertFailsWith(r, "no usan ReLU: conv2d", 'activation: "relu"');
  assertFailsWith(r, "Todavía no has dicho", "val_accuracy");
});

Deno.test("ReLU at the output is rejected", async () => {
  const r = await checkReluLenet({
    model: lenet({ activation: "relu", output: "relu" }),
    historyTanh: history([0.9]),
    historyRelu: history([0.95]),
    better: "relu",
  });
  assertFailsWith(r, 'La capa de salida usa "relu"', "mantén `softmax`");
});

Deno.test("a winner that contradicts the student's own curves is rejected", async () => {
  const r = await checkReluLenet({
    model: lenet({ activation: "relu" }),
    historyTanh: history([0.80, 0.93]),
    historyRelu: history([0.90, 0.91]),
    better: "relu",
  });
  assertFailsWith(r, 'no gana "relu"', "último valor");
});

Deno.test("histories without validation data are asked for", async () => {
  const h = new History();
  h.onEpochEnd(0, { loss: 0.5 });
  const r = await checkReluLenet({
    model: lenet({ activation: "relu" }),
    historyTanh: h,
    historyRelu: h,
    better: "relu",
  });
  assertFailsWith(r, "Falta la exactitud de validación", "validationData");
});
