/**
 * Validation data whose samples do not look like the training samples is
 * refused before the first epoch (it used to fail only after a whole epoch
 * of training).
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Dense, Flatten, Sequential } from "../../lib/keras/mod.ts";
import { optimizers } from "../../lib/training/optimizers.ts";
import { setup } from "../keras/helpers.ts";

Deno.test("a validation x of another sample shape fails before any training step", async () => {
  await setup();
  const m = new Sequential();
  m.add(Flatten({ inputShape: [4, 4, 1] }));
  m.add(Dense(3, { activation: "softmax" }));
  m.compile({
    optimizer: optimizers.SGD({ learningRate: 0.1 }),
    loss: "sparse_categorical_crossentropy",
  });
  const x = tf.ones([8, 4, 4, 1]);
  const y = tf.zeros([8], "int32");
  const xVal = tf.ones([4, 4, 4]); // forgot the channel axis
  const yVal = tf.zeros([4], "int32");
  const before = await m.weights[0].data();
  await assert.rejects(
    () => m.fit(x, y, { epochs: 1, verbose: 0, validationData: [xVal, yVal] }),
    (e: Error) =>
      e.message ===
        "fit(): validationData[0] has shape [4, 4, 4] but x has [8, 4, 4, 1]: each validation sample " +
          "must have the training samples' shape [n, 4, 4, 1]. Prepare it like x (e.g. reshape to " +
          "[n, 4, 4, 1] and scale it the same way).",
  );
  assert.deepEqual(await m.weights[0].data(), before, "no training step ran");
  tf.dispose([x, y, xVal, yVal]);
});
