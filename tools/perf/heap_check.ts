/**
 * Long-run memory check of the trainable wasm backend (issue 5): trains a
 * course model for many steps (default: mini-Inception, 200 steps of batch
 * 256 on MNIST-shaped random data) and reports the wasm heap and the tfjs
 * tensor count every 50 steps. Fails (exit 1) if the heap passes the limit
 * or the tensor count grows.
 *
 * Usage:
 *   deno run -A tools/perf/heap_check.ts [--model miniInception] [--steps 200]
 *                                   [--batch 256] [--limit-mib 2048]
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import { useBestBackend, wasmHeapBytes } from "../../lib/backend/mod.ts";
import { buildModel, fitStep } from "./bench_step.ts";
import { MODEL_OPTIONS, modelNames, positiveInt } from "./args.ts";

const MIB = 1024 * 1024;

const { values } = parseArgs({
  args: Deno.args,
  options: {
    ...MODEL_OPTIONS,
    steps: { type: "string", default: "200" },
    "limit-mib": { type: "string", default: "2048" },
  },
});
let name, steps, batch, limitMiB;
try {
  [name] = modelNames(values.model);
  steps = positiveInt("steps", values.steps);
  batch = positiveInt("batch", values.batch);
  limitMiB = positiveInt("limit-mib", values["limit-mib"]);
} catch (e) {
  console.error(`heap_check: ${(e as Error).message}`);
  Deno.exit(2);
}

const backend = await useBestBackend();
if (backend !== "wasm") {
  console.error(
    `heap_check: measures the wasm heap; the backend is "${backend}" (set CNN_BACKEND=wasm).`,
  );
  Deno.exit(2);
}
const model = buildModel(name);
const x = tf.randomUniform([batch, 28, 28, 1]);
const y = tf.randomUniform([batch], 0, 10, "int32");
await fitStep(model, x, y); // warm-up: weights, optimizer state, kernels
const tensorsAfterWarmup = tf.memory().numTensors;
let peakHeap = wasmHeapBytes();
let ok = true;
for (let step = 1; step <= steps; step++) {
  await fitStep(model, x, y);
  peakHeap = Math.max(peakHeap, wasmHeapBytes());
  if (step % 50 === 0 || step === steps) {
    const tensors = tf.memory().numTensors;
    console.log(
      `step ${step}/${steps}: wasm heap ${
        (wasmHeapBytes() / MIB).toFixed(0)
      } MiB, ${tensors} tensors`,
    );
    if (tensors !== tensorsAfterWarmup) ok = false;
  }
}
if (peakHeap > limitMiB * MIB) ok = false;
console.log(JSON.stringify({
  model: name,
  steps,
  batch,
  peakHeapMiB: Math.round(peakHeap / MIB),
  limitMiB,
  tensorsAfterWarmup,
  tensorsAtEnd: tf.memory().numTensors,
  ok,
}));
Deno.exit(ok ? 0 : 1);
