import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  lenet5,
  miniInception,
  MiniResNet,
} from "../../lib/course/models/mod.ts";
import { setup, tensorDelta } from "./helpers.ts";

Deno.test("build adds exactly the weights; summary and predict leave no tensors behind", async () => {
  await setup();
  const models = [lenet5(), new MiniResNet(4), miniInception([14, 14, 1])];
  const x = tf.randomUniform([3, 28, 28, 1]);
  const small = tf.randomUniform([3, 14, 14, 1]);
  for (const model of models) {
    const input = model.name === "functional" ? small : x;
    if (!model.built) {
      const added = await tensorDelta(() =>
        model.build([null, ...input.shape.slice(1)])
      );
      assert.equal(
        added,
        model.weights.length,
        `${model.name}: build adds only its variables`,
      );
    }
    assert.equal(
      await tensorDelta(() => model.summaryText()),
      0,
      `${model.name}: summary`,
    );
    assert.equal(
      await tensorDelta(async () =>
        (await model.predict(input, { verbose: 0, batchSize: 2 })).dispose()
      ),
      0,
      `${model.name}: predict`,
    );
    assert.equal(
      await tensorDelta(() => model.forward(input, false).dispose()),
      0,
      `${model.name}: forward`,
    );
  }
  tf.dispose([x, small]);
});

Deno.test("calling a subclassed model eagerly outside tidy keeps only its output", async () => {
  await setup();
  const model = new MiniResNet(2);
  const x = tf.zeros([1, 28, 28, 1]);
  model.build([null, 28, 28, 1]);
  const delta = await tensorDelta(() => {
    model.apply(x); // output deliberately kept
  });
  assert.equal(delta, 1);
  x.dispose();
});
