import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { resolveCompile } from "../../lib/training/compile.ts";
import { fit } from "../../lib/training/fit.ts";
import { optimizers } from "../../lib/training/optimizers.ts";
import { recoverEngine } from "../../lib/training/recover.ts";
import { blobs, ToyModel } from "./toy_model.ts";

await tf.setBackend("cpu");

interface EngineInternals {
  state: { scopeStack: unknown[]; kernelDepth: number; gradientDepth: number };
  startScope(name?: string): void;
  startTape(): void;
}

Deno.test("fit trains again after an interrupt left tfjs mid-kernel inside a gradient scope", async () => {
  const [x, y] = blobs(40);
  const model = new ToyModel({ seed: 1 });
  model.compiled = resolveCompile({
    optimizer: optimizers.SGD({ learningRate: 0.5 }),
    loss: "sparse_categorical_crossentropy",
    metrics: ["accuracy"],
  });
  model.build([null, 4]);
  const before = await model.weights();

  // What V8's TerminateExecution leaves when it stops JavaScript inside a
  // kernel of tf.variableGrads: an open scope, an open tape and a raised
  // kernel depth (which silently disables gradient recording).
  const engine = tf.engine() as unknown as EngineInternals;
  engine.startScope("interrupted");
  engine.startTape();
  engine.state.kernelDepth++;

  const history = await fit(model, x, y, {
    epochs: 2,
    batchSize: 10,
    verbose: 0,
    seed: 1,
  });
  assert.equal(engine.state.scopeStack.length, 0);
  assert.equal(engine.state.kernelDepth, 0);
  assert.equal(engine.state.gradientDepth, 0);
  assert.ok(history.history.loss[1] < history.history.loss[0]);
  assert.notDeepEqual(await model.weights(), before);
  assert.equal(
    recoverEngine(),
    false,
    "nothing left to repair after a normal fit",
  );
  model.dispose();
  tf.dispose([x, y]);
});

Deno.test("variables without a gradient get Keras's UserWarning once per fit", async () => {
  const [x, y] = blobs(30);
  const model = new ToyModel({ seed: 1, unusedVariable: true });
  model.compiled = resolveCompile({
    optimizer: "sgd",
    loss: "sparse_categorical_crossentropy",
  });
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.join(" "));
  try {
    await fit(model, x, y, { epochs: 2, batchSize: 10, verbose: 0, seed: 1 });
  } finally {
    console.warn = original;
  }
  assert.deepEqual(warnings, [
    `UserWarning: Gradients do not exist for variables ['${model.name}/unused/kernel'] when ` +
    "minimizing the loss. If using `model.compile()`, did you forget to provide a `loss` argument?",
  ]);
  model.dispose();
  tf.dispose([x, y]);
});
