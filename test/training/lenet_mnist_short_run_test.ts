import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  CaptureWriter,
  clearRandomSeed,
  lenet5,
  loadMnistBytes,
  optimizers,
  setRandomSeed,
  useBestBackend,
} from "../../lib/internals.ts";

await useBestBackend({ backend: "wasm", quiet: true });

/** The first `n` images of a split as NHWC float32 in [0, 1], and their labels. */
function images(
  bytes: Uint8Array,
  labels: Uint8Array,
  from: number,
  n: number,
) {
  const px = 28 * 28;
  const x = tf.tidy(() =>
    tf.tensor4d(Float32Array.from(bytes.subarray(from * px, (from + n) * px)), [
      n,
      28,
      28,
      1,
    ])
      .div(255)
  );
  const y = tf.tensor1d(
    Int32Array.from(labels.subarray(from, from + n)),
    "int32",
  );
  return [x, y] as const;
}

Deno.test("LeNet-5 on 2,048 MNIST images (wasm): accuracy rises above 0.5", async () => {
  const m = await loadMnistBytes();
  const [x, y] = images(m.xTrain, m.yTrain, 0, 2048);
  const [xv, yv] = images(m.xTest, m.yTest, 0, 512);
  setRandomSeed(42);
  try {
    const lenet = lenet5();
    lenet.compile({
      optimizer: optimizers.SGD({ learningRate: 0.1 }),
      loss: "sparse_categorical_crossentropy",
      metrics: ["accuracy"],
    });
    const before = tf.memory().numTensors;
    const writer = new CaptureWriter();
    const history = await lenet.fit(x, y, {
      epochs: 2,
      batchSize: 32,
      validationData: [xv, yv],
      writer,
    });
    const acc = history.history.accuracy;
    const valAcc = history.history.val_accuracy;
    assert.ok(acc[1] > 0.5, `training accuracy ${acc}`);
    assert.ok(valAcc[1] > 0.5, `validation accuracy ${valAcc}`);
    assert.ok(history.history.loss[1] < history.history.loss[0]);
    assert.equal(writer.lines.length, 4);
    assert.match(
      writer.lines[3],
      /^64\/64 ━{20} \d+s \d+ms\/step - accuracy: 0\.\d{4} - loss: \d\.\d{4} - val_accuracy: 0\.\d{4} - val_loss: \d\.\d{4}$/,
    );
    const [loss, accuracy] = await lenet.evaluate(xv, yv, { verbose: 0 });
    assert.ok(
      Math.abs(accuracy - valAcc[1]) < 1e-6 &&
        Math.abs(loss - history.history.val_loss[1]) < 1e-5,
    );
    // Weights were created on the first fit; nothing else stays behind.
    const weights = lenet.trainableVariables.length;
    assert.equal(tf.memory().numTensors, before + weights);
  } finally {
    clearRandomSeed();
    tf.dispose([x, y, xv, yv]);
  }
});
