/**
 * On `webgpu` (the software adapter in CI) `fit` never waits on the GPU per
 * batch: GPU→CPU reads are counted during a 20-step fit and must be at most
 * one per progress refresh plus the epoch's and the validation's; `evaluate`
 * reads once, `predict` not at all. The History matches the per-batch path on
 * `cpu`, and a NaN batch raises the same NaNLossError with finite weights.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { evaluate, fit, predict } from "../../lib/training/fit.ts";
import { NaNLossError } from "../../lib/training/callbacks.ts";
import { CaptureWriter } from "../../lib/host/progress_writers.ts";
import { setUpBackends } from "../backend/setup.ts";
import { countGpuReads } from "../../tools/gpu/counters.ts";
import { blobs, compiled, ToyModel } from "./toy_model.ts";

const { webgpu: probe } = await setUpBackends();
if (!probe.found) console.log(`webgpu read tests skipped: ${probe.reason}`);
const ignore = !probe.found;

/** A clock that advances `step` seconds per call, so refreshes are deterministic. */
function fakeClock(step: number): () => number {
  let t = 0;
  return () => (t += step);
}

async function fitOn(backend: string, verbose: 1 | 2, clockStep = 0.02) {
  await tf.setBackend(backend);
  const [x, y] = blobs(160, 4, 3, 5); // 20 steps of 8
  const [xv, yv] = blobs(24, 4, 3, 7);
  const model = compiled(new ToyModel({ seed: 11, hidden: 6 }));
  const writer = new CaptureWriter();
  const reads = countGpuReads();
  try {
    const history = await fit(model, x, y, {
      batchSize: 8,
      validationData: [xv, yv],
      writer,
      verbose,
      seed: 4,
      clock: fakeClock(clockStep),
    });
    return {
      history,
      writer,
      reads: reads.count(),
      weights: await model.weights(),
    };
  } finally {
    reads.stop();
    model.dispose();
    tf.dispose([x, y, xv, yv]);
  }
}

Deno.test({
  name:
    "webgpu fit: at most one GPU read per progress refresh, plus the epoch's and validation's",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const live = await fitOn("webgpu", 1);
    const refreshes = live.writer.updates.length;
    assert.ok(refreshes >= 1 && refreshes < 19, `refreshes: ${refreshes}`);
    assert.ok(
      live.reads <= refreshes + 2,
      `${live.reads} reads for ${refreshes} refreshes`,
    );
    // verbose 2 shows no live line: the epoch's read and validation's only.
    const quiet = await fitOn("webgpu", 2);
    assert.equal(quiet.writer.updates.length, 0);
    assert.ok(quiet.reads <= 2, `${quiet.reads} reads with verbose 2`);
    assert.ok(quiet.reads >= 1, "no read at all: the counter is not wired");
    // Same History and weights as the per-batch path on cpu.
    const ref = await fitOn("cpu", 2);
    assert.equal(ref.reads, 0);
    for (const key of Object.keys(ref.history.history)) {
      const a = quiet.history.history[key][0];
      const b = ref.history.history[key][0];
      assert.ok(Math.abs(a - b) <= 1e-4, `${key}: webgpu ${a} vs cpu ${b}`);
    }
    quiet.weights.flat().forEach((w, i) => {
      const r = ref.weights.flat()[i];
      assert.ok(Math.abs(w - r) <= 1e-4, `weight ${i}: ${w} vs ${r}`);
    });
    await tf.setBackend("cpu");
  },
});

async function evaluateOn(backend: string) {
  await tf.setBackend(backend);
  const [x, y] = blobs(80, 4, 3, 2);
  const model = compiled(new ToyModel({ seed: 3 }));
  model.build([null, 4]);
  const reads = backend === "webgpu" ? countGpuReads() : undefined;
  try {
    const values = await evaluate(model, x, y, { batchSize: 8, verbose: 0 });
    const evaluateReads = reads?.count() ?? 0;
    const probs = await predict(model, x, { batchSize: 8, verbose: 0 });
    const predictReads = (reads?.count() ?? 0) - evaluateReads;
    const shape = probs.shape;
    probs.dispose();
    return { values, evaluateReads, predictReads, shape };
  } finally {
    reads?.stop();
    model.dispose();
    tf.dispose([x, y]);
  }
}

Deno.test({
  name: "webgpu evaluate reads once, predict does not read",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const gpu = await evaluateOn("webgpu");
    assert.equal(gpu.evaluateReads, 1);
    assert.equal(gpu.predictReads, 0);
    assert.deepEqual(gpu.shape, [80, 3]);
    const cpu = await evaluateOn("cpu");
    const [loss, acc] = gpu.values;
    const [refLoss, refAcc] = cpu.values;
    assert.ok(Math.abs(loss - refLoss) <= 1e-4, `${loss} vs ${refLoss}`);
    assert.ok(Math.abs(acc - refAcc) <= 1e-6, `${acc} vs ${refAcc}`);
    await tf.setBackend("cpu");
  },
});

async function nanFit(backend: string) {
  await tf.setBackend(backend);
  const [x0, y] = blobs(64, 4, 3, 5);
  // Sample 27 (batch 3 of 8, no shuffling) is NaN.
  const xs = await x0.data();
  xs[27 * 4 + 1] = NaN;
  const x = tf.tensor2d(xs, [64, 4]);
  const model = compiled(new ToyModel({ seed: 2 }));
  try {
    const err = await fit(model, x, y, {
      batchSize: 8,
      shuffle: false,
      verbose: 0,
    }).then(() => undefined, (e) => e);
    return { err, weights: await model.weights() };
  } finally {
    model.dispose();
    tf.dispose([x0, x, y]);
  }
}

Deno.test({
  name:
    "webgpu fit: a NaN batch raises NaNLossError at that batch and leaves the weights as before it",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const gpu = await nanFit("webgpu");
    const cpu = await nanFit("cpu");
    assert.ok(gpu.err instanceof NaNLossError, String(gpu.err));
    assert.ok(cpu.err instanceof NaNLossError, String(cpu.err));
    assert.equal(gpu.err.batch, 3);
    assert.equal(gpu.err.epoch, 0);
    assert.equal(gpu.err.message, cpu.err.message);
    const flat = gpu.weights.flat();
    assert.ok(flat.every(Number.isFinite), "weights not finite");
    flat.forEach((w, i) => {
      const r = cpu.weights.flat()[i];
      assert.ok(Math.abs(w - r) <= 1e-4, `weight ${i}: ${w} vs ${r}`);
    });
    await tf.setBackend("cpu");
  },
});

Deno.test({
  name:
    "webgpu fit with an onBatchEnd callback still gives it every batch's logs",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await tf.setBackend("webgpu");
    const [x, y] = blobs(80, 4, 3, 5);
    const model = compiled(new ToyModel({ seed: 5 }));
    const seen: number[] = [];
    try {
      await fit(model, x, y, {
        batchSize: 8,
        verbose: 0,
        seed: 1,
        callbacks: [{ onBatchEnd: (_b, logs) => void seen.push(logs.loss) }],
      });
      assert.equal(seen.length, 10);
      assert.ok(seen.every(Number.isFinite), `${seen}`);
    } finally {
      model.dispose();
      tf.dispose([x, y]);
      await tf.setBackend("cpu");
    }
  },
});
