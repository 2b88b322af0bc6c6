// plots.liveHistory() as a real fit callback: one figure, updated per epoch.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Dense, Sequential } from "cnn/keras/mod.ts";
import { optimizers, setRandomSeed } from "cnn/training/mod.ts";
import { plots } from "cnn/plots/mod.ts";
import { type PlotBundle, PLOTLY_MIME } from "cnn/plots/figure.ts";
import type { DisplayOptions, MimeBundle } from "cnn/host/display.ts";

await tf.setBackend("cpu");

Deno.test("fit with liveHistory updates one display per epoch with the History's values", async () => {
  setRandomSeed(1);
  const model = new Sequential({ name: "live" });
  model.add(Dense(3, { activation: "softmax", inputShape: [4] }));
  model.compile({
    optimizer: optimizers.SGD({ learningRate: 0.1 }),
    loss: "sparse_categorical_crossentropy",
    metrics: ["accuracy"],
  });
  const x = tf.tidy(() => tf.randomUniform([32, 4], 0, 1, "float32", 3));
  const y = tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 3), "int32");
  const calls: { bundle: MimeBundle; options: DisplayOptions }[] = [];
  const live = plots.liveHistory({
    display: (bundle, options) => void calls.push({ bundle, options }),
  });
  const history = await model.fit(x, y, {
    epochs: 3,
    batchSize: 16,
    validationData: [x, y],
    verbose: 0,
    callbacks: [live],
  });
  tf.dispose([x, y]);
  assert.deepEqual(calls.map((c) => c.options.update), [
    false,
    true,
    true,
    true,
  ]);
  assert.equal(new Set(calls.map((c) => c.options.displayId)).size, 1);
  const fig = (calls.at(-1)!.bundle as PlotBundle)[PLOTLY_MIME];
  for (const key of ["loss", "val_loss", "accuracy", "val_accuracy"]) {
    const trace = fig.data.find((t) => t.name === key);
    assert.ok(trace, `a ${key} line`);
    assert.deepEqual(
      trace.y,
      history.history[key].map((v: number) => Number(v.toPrecision(6))),
    );
  }
});
