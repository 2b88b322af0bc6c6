/**
 * Memory: a training step leaves no tensors behind on any backend, and the
 * wasm heap stops growing once mini-Inception's step has warmed up (the
 * heap never shrinks, so growth after warm-up would mean a leak).
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { wasmHeapBytes } from "../../lib/backend/wasm_training.ts";
import type { Model } from "../../lib/keras/model.ts";
import {
  buildModel,
  fitStep,
  type ModelName,
} from "../../tools/perf/bench_step.ts";
import { setUpBackends } from "./setup.ts";

const { webgpu: probe } = await setUpBackends();

async function steps(model: Model, batch: number, n: number) {
  const x = tf.randomNormal([batch, 28, 28, 1]);
  const y = tf.randomUniformInt([batch], 0, 10);
  for (let i = 0; i < n; i++) await fitStep(model, x, y);
  tf.dispose([x, y]);
}

function dispose(model: Model) {
  tf.dispose(model.weights);
  model.compiled?.optimizer.dispose();
}

for (const backend of ["wasm", "cpu", "webgpu"]) {
  for (const name of ["lenet5", "separableBN"] as ModelName[]) {
    Deno.test({
      name: `${name}: a training step on ${backend} leaks no tensors`,
      ignore: backend === "webgpu" && !probe.found,
      sanitizeResources: false,
      sanitizeOps: false,
      fn: async () => {
        await tf.setBackend(backend);
        const model = buildModel(name);
        await steps(model, 4, 2); // creates optimizer state, compiles shaders
        const before = tf.memory();
        await steps(model, 4, 3);
        const after = tf.memory();
        assert.deepEqual(
          after.numTensors,
          before.numTensors,
          `${backend}: tensors ${before.numTensors} → ${after.numTensors}`,
        );
        assert.deepEqual(
          after.numBytes,
          before.numBytes,
          `${backend}: bytes ${before.numBytes} → ${after.numBytes}`,
        );
        dispose(model);
      },
    });
  }
}

Deno.test({
  name: "wasm heap stays bounded over mini-Inception training steps",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await tf.setBackend("wasm");
    const heap = wasmHeapBytes;
    const model = buildModel("miniInception");
    await steps(model, 16, 3);
    const warm = heap();
    const tensors = tf.memory().numTensors;
    await steps(model, 16, 8);
    assert.deepEqual(
      heap(),
      warm,
      `wasm heap grew from ${warm} to ${heap()} bytes after warm-up`,
    );
    assert.deepEqual(tf.memory().numTensors, tensors);
    assert.ok(heap() <= 2 ** 31, "wasm heap above 2 GiB");
    dispose(model);
  },
});
