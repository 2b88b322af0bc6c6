/**
 * Full-mode training of the tutorial's three models, exactly as the
 * notebooks do it (5 epochs, batch 256, SGD 0.1, validation on the 10,000
 * held-out images), then test accuracy — the numbers the README records.
 *
 * Usage:
 *   deno run -A tools/perf/full_run.ts                    # lenet, inception, resnet
 *   deno run -A tools/perf/full_run.ts --models lenet --epochs 5 --out build/full_run.json
 *
 * Prints Keras progress lines and one JSON line per model
 * `{ model, backend, epochs, seconds, testLoss, testAccuracy, target }`;
 * exits 1 when a model misses the target (tutorial result minus one point).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import {
  datasets,
  lenet5,
  miniInception,
  MiniResNet,
  type Model,
  trainTestSplit,
  useBestBackend,
} from "../../lib/internals.ts";
import { compileAsTutorial } from "./recipe.ts";

/** The tutorial's test accuracy minus one point (issue 6). */
const TARGETS: Record<string, { make: () => Model; target: number }> = {
  lenet: { make: () => lenet5(), target: 0.957 },
  inception: { make: () => miniInception(), target: 0.971 },
  resnet: { make: () => new MiniResNet(32), target: 0.963 },
};

const { values } = parseArgs({
  args: Deno.args,
  options: {
    models: { type: "string", default: "lenet,resnet,inception" },
    epochs: { type: "string", default: "5" },
    out: { type: "string" },
  },
});
const names = values.models.split(",").map((s) => s.trim());
for (const n of names) {
  if (!(n in TARGETS)) {
    console.error(
      `full_run: unknown model "${n}"; use ${Object.keys(TARGETS).join(", ")}.`,
    );
    Deno.exit(2);
  }
}
const epochs = Number(values.epochs);

const backend = await useBestBackend();
const [[xTrain0, yTrain0], [xTest0, yTest]] = await datasets.mnist.loadData();
const [h, w] = xTrain0.shape.slice(1) as [number, number];
const xAll = tf.tidy(() =>
  xTrain0.reshape([xTrain0.shape[0], h, w, 1]).toFloat().div(255)
);
const xTest = tf.tidy(() =>
  xTest0.reshape([xTest0.shape[0], h, w, 1]).toFloat().div(255)
);
tf.dispose([xTrain0, xTest0]);
const [xTrain, xVal, yTrain, yVal] = trainTestSplit(xAll, yTrain0, {
  testSize: 10000,
  randomState: 42,
});

const results = [];
let failed = false;
for (const name of names) {
  const { make, target } = TARGETS[name];
  const model = compileAsTutorial(make());
  const start = performance.now();
  await model.fit(xTrain, yTrain, {
    epochs,
    batchSize: 256,
    validationData: [xVal, yVal],
  });
  const seconds = (performance.now() - start) / 1000;
  const [testLoss, testAccuracy] = await model.evaluate(xTest, yTest, {
    verbose: 0,
  });
  const row = {
    model: name,
    backend,
    epochs,
    seconds: Math.round(seconds),
    testLoss,
    testAccuracy,
    target,
  };
  console.log(JSON.stringify(row));
  results.push(row);
  if (testAccuracy < target) failed = true;
}
if (values.out) {
  const tmp = `${values.out}.tmp`;
  await Deno.writeTextFile(tmp, JSON.stringify(results, null, 2) + "\n");
  await Deno.rename(tmp, values.out);
}
Deno.exit(failed ? 1 : 0);
