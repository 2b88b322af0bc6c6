import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { resolveCompile } from "../../lib/training/compile.ts";
import {
  categoricalCrossentropy,
  meanSquaredError,
  sparseCategoricalCrossentropy,
} from "../../lib/training/losses.ts";
import { accuracy } from "../../lib/training/metrics.ts";
import { optimizers } from "../../lib/training/optimizers.ts";

await tf.setBackend("cpu");

Deno.test("compile keeps a given optimizer and resolves loss and metric names", () => {
  const opt = optimizers.SGD({ learningRate: 0.1 });
  const state = resolveCompile({
    optimizer: opt,
    loss: "sparse_categorical_crossentropy",
    metrics: ["accuracy"],
  });
  assert.equal(state.optimizer, opt);
  assert.equal(state.loss, sparseCategoricalCrossentropy);
  assert.equal(state.lossName, "sparse_categorical_crossentropy");
  assert.deepEqual(state.metrics, ["accuracy"]);
  assert.equal(resolveCompile({ loss: "mse" }).lossName, "mean_squared_error");
});

Deno.test("optimizer names give fresh optimizers with Keras defaults", () => {
  const sgd = resolveCompile({ optimizer: "sgd", loss: "mse" }).optimizer;
  assert.equal(sgd.getClassName(), "SGD");
  assert.equal(sgd.getConfig().learningRate, 0.01);
  const adam = resolveCompile({ optimizer: "Adam", loss: "mse" }).optimizer;
  assert.deepEqual(adam.getConfig(), {
    learningRate: 0.001,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-7,
  });
  assert.notEqual(
    resolveCompile({ optimizer: "sgd", loss: "mse" }).optimizer,
    sgd,
  );
  assert.equal(
    resolveCompile({ loss: "mse" }).optimizer.getClassName(),
    "RMSProp",
  );
  const momentum = optimizers.SGD({ learningRate: 0.1, momentum: 0.9 });
  assert.deepEqual(momentum.getConfig(), {
    learningRate: 0.1,
    momentum: 0.9,
    useNesterov: false,
  });
});

Deno.test("unknown names and bad values list what is accepted", () => {
  assert.throws(
    () => resolveCompile({ optimizer: "sgdd", loss: "mse" }),
    /Unknown optimizer "sgdd". Known optimizers: "sgd", "adam", "rmsprop"/,
  );
  assert.throws(
    () => resolveCompile({ loss: "sparse_crossentropy" }),
    /Unknown loss "sparse_crossentropy". Known losses: "sparse_categorical_crossentropy", "categorical_crossentropy"/,
  );
  assert.throws(
    () => resolveCompile({ loss: "mse", metrics: ["acuracy"] }),
    /Unknown metric "acuracy". Known metrics: "accuracy", "acc"/,
  );
  assert.throws(() => resolveCompile({}), /compile\(\): missing loss/);
  assert.throws(
    () => optimizers.SGD({ learningRate: -1 }),
    /learningRate must be a positive number, got -1/,
  );
  assert.throws(
    () => optimizers.SGD({ learningRate: 0.1, momentum: 1.5 }),
    /momentum must be in \[0, 1\)/,
  );
});

Deno.test("a custom loss function is accepted and named after the function", () => {
  function myLoss(a: tf.Tensor, b: tf.Tensor): tf.Scalar {
    return meanSquaredError(a, b);
  }
  const state = resolveCompile({ optimizer: "sgd", loss: myLoss });
  assert.equal(state.loss, myLoss);
  assert.equal(state.lossName, "myLoss");
});

Deno.test("losses and accuracy match Keras's numbers", async () => {
  const probs = tf.tensor2d([[0.1, 0.7, 0.2], [0.5, 0.25, 0.25]]);
  const labels = tf.tensor1d([1, 2], "int32");
  const expected = -(Math.log(0.7) + Math.log(0.25)) / 2;
  const sparse = sparseCategoricalCrossentropy(labels, probs);
  assert.ok(Math.abs((await sparse.data())[0] - expected) < 1e-6);
  const oneHot = tf.oneHot(labels, 3);
  const cat = categoricalCrossentropy(oneHot, probs);
  assert.ok(Math.abs((await cat.data())[0] - expected) < 1e-6);
  // A zero probability is clipped to 1e-7, as in Keras: -log(1e-7) = 16.118.
  const zero = sparseCategoricalCrossentropy(
    tf.tensor1d([0], "int32"),
    tf.tensor2d([[0, 1]]),
  );
  assert.ok(Math.abs((await zero.data())[0] - 16.1181) < 1e-3);
  const acc = accuracy(labels, probs); // first right, second wrong
  assert.equal((await acc.data())[0], 0.5);
  const accOneHot = accuracy(oneHot, probs);
  assert.equal((await accOneHot.data())[0], 0.5);
  tf.dispose([probs, labels, sparse, oneHot, cat, zero, acc, accOneHot]);
});
