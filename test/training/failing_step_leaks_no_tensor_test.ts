/**
 * A step that throws (a student's custom layer, say) inside `fit`,
 * `evaluate` or `predict` leaves no tensor behind: the error reaches the
 * user and `tf.memory().numTensors` is what it was before the call.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Dense, Flatten, Layer, Sequential } from "../../lib/keras/mod.ts";
import { optimizers } from "../../lib/training/optimizers.ts";
import { setup } from "../keras/helpers.ts";

/** Passes inputs through, but throws on its `failOn`-th call (1-based). */
class ThrowsOnCall extends Layer {
  calls = 0;
  constructor(public failOn: number) {
    super({ name: "student_layer" });
  }
  override call(x: tf.Tensor): tf.Tensor {
    this.calls++;
    if (this.calls === this.failOn) {
      throw new Error(`student_layer: bug on call ${this.calls}`);
    }
    return tf.relu(x);
  }
}

function model(failOn: number): { m: Sequential; layer: ThrowsOnCall } {
  const layer = new ThrowsOnCall(failOn);
  const m = new Sequential();
  m.add(Flatten({ inputShape: [8, 8, 1] }));
  m.add(Dense(16));
  m.add(layer);
  m.add(Dense(3, { activation: "softmax" }));
  m.compile({
    optimizer: optimizers.SGD({ learningRate: 0.1 }),
    loss: "sparse_categorical_crossentropy",
    metrics: ["accuracy"],
  });
  return { m, layer };
}

async function assertNoLeak(name: string, run: () => Promise<unknown>) {
  const before = tf.memory().numTensors;
  await assert.rejects(run, /student_layer: bug on call/, name);
  assert.equal(tf.memory().numTensors - before, 0, `${name} leaked tensors`);
}

Deno.test("a layer throwing on batch 2 of fit, evaluate and predict leaks no tensor", async () => {
  await setup();
  const x = tf.randomUniform([40, 8, 8, 1], 0, 1, "float32", 3);
  const y = tf.tensor1d(Array.from({ length: 40 }, (_, i) => i % 3), "int32");
  const opts = { batchSize: 8, verbose: 0 as const };
  const kinds = {
    fit: (m: Sequential) => m.fit(x, y, { ...opts, epochs: 1 }),
    "fit, validation": (m: Sequential) =>
      m.fit(x, y, { ...opts, epochs: 1, validationData: [x, y] }),
    evaluate: (m: Sequential) => m.evaluate(x, y, opts),
    predict: async (m: Sequential) => tf.dispose(await m.predict(x, opts)),
  };
  for (const [kind, run] of Object.entries(kinds)) {
    const { m, layer } = model(Number.POSITIVE_INFINITY);
    await run(m); // a clean run: counts the shape-probe calls before the batches
    const batches = kind === "fit, validation" ? 10 : 5;
    const probes = layer.calls - batches;
    layer.calls = 0;
    // Batch 2 of training, or of validation when there is validation data.
    layer.failOn = probes + (kind === "fit, validation" ? 5 : 0) + 2;
    await assertNoLeak(kind, () => run(m));
    tf.dispose(m.weights);
  }
  tf.dispose([x, y]);
});
