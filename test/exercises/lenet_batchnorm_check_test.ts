import assert from "node:assert/strict";
import { History } from "../../lib/training/history.ts";
import {
  checkLenetBatchNorm,
  lenetBatchNormParams,
} from "../../lib/course/exercises/lenet_batchnorm.ts";
import { assertFailsWith, assertPasses } from "./helpers.ts";
import { lenet } from "./lenet_variants.ts";
import { mnistSubset } from "./mnist_subset.ts";

const data = await mnistSubset(256, 64);

Deno.test("LeNet with BatchNormalization has 62,132 parameters", () => {
  assert.equal(lenetBatchNormParams(), 62132);
  const m = lenet({ styles: ["bn", "bn", "bn"] });
  m.build([null, 28, 28, 1]);
  assert.equal(m.countParams(), 62132);
});

Deno.test("the solution, trained for one epoch, passes", async () => {
  const m = lenet({ styles: ["bn", "bn", "bn"] });
  const history = await m.fit(data.train.x, data.train.y, {
    epochs: 1,
    batchSize: 64,
    verbose: 0,
  });
  assertPasses(await checkLenetBatchNorm(m, history));
});

Deno.test("the template (the tutorial's LeNet) fails asking for BatchNormalization", async () => {
  const r = await checkLenetBatchNorm(lenet());
  assertFailsWith(
    r,
    "no tiene ninguna capa BatchNormalization",
    "BatchNormalization({ axis: 3 })",
  );
  assertFailsWith(r, "61,706 parámetros", "4 valores por canal");
});

Deno.test("normalising only C1 names C3 and C5", async () => {
  const r = await checkLenetBatchNorm(
    lenet({ styles: ["bn", "plain", "plain"] }),
  );
  assertFailsWith(
    r,
    "convolución 2 de 3): no va seguida de BatchNormalization",
    'Activation("tanh")',
  );
  assertFailsWith(r, "convolución 3 de 3)", 'Activation("tanh")');
  assert.ok(r.right.some((l) => l.includes("convolución 1 de 3")));
});

Deno.test("BatchNormalization after the tanh is the wrong place", async () => {
  const r = await checkLenetBatchNorm(
    lenet({ styles: ["bn-after", "bn-after", "bn-after"] }),
  );
  assertFailsWith(
    r,
    "la tanh no va entre BatchNormalization",
    "Normaliza antes de activar",
  );
});

Deno.test("keeping the conv biases is named", async () => {
  const r = await checkLenetBatchNorm(
    lenet({ styles: ["bn-bias", "bn-bias", "bn-bias"] }),
  );
  assertFailsWith(r, "conserva su sesgo", "useBias: false");
});

Deno.test("a NaN training loss fails the 'it trains' part", async () => {
  const h = new History();
  h.onEpochEnd(0, { loss: NaN, accuracy: 0.1 });
  const r = await checkLenetBatchNorm(lenet({ styles: ["bn", "bn", "bn"] }), h);
  assertFailsWith(r, "número finito", "learningRate");
});
