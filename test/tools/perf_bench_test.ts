/**
 * `deno task bench`'s parts, run tiny (no timing assertions): `fit` timed
 * through its callback on a few images, the FLOPs counted from the models'
 * shapes against hand counts, the peak module compiled and run on workers,
 * the goal verdicts, and PyTorch's fit-like loop (where Debian's torch is
 * installed).
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { buildModel } from "../../tools/perf/bench_step.ts";
import {
  timeFit,
  timeFreshFit,
  trainingData,
} from "../../tools/perf/fit_timing.ts";
import {
  forwardFlops,
  trainingFlopsPerSample,
} from "../../tools/perf/flops.ts";
import { goalLines } from "../../tools/perf/goals.ts";
import { compilePeak, measurePeak } from "../../tools/perf/peak.ts";
import { torchTimes } from "../../tools/perf/torch_times.ts";
import { modelNames, positiveInt } from "../../tools/perf/args.ts";

async function onCpu() {
  if (tf.getBackend() !== "cpu") await tf.setBackend("cpu");
}

Deno.test("forward FLOPs are 2 × the multiply-accumulates of every conv and dense layer", async () => {
  await onCpu();
  // LeNet-5: C1 28·28·6·25, C3 10·10·16·150, C5 120·400, F6 120·84, out 84·10.
  const lenet = 28 * 28 * 6 * 25 + 10 * 10 * 16 * 150 + 120 * 400 +
    120 * 84 + 84 * 10;
  // Separable inception: stem 5×5×16, 1×1 branch, two depthwise + pointwise
  // pairs (5×5 and 3×3 on 16 channels, 16→32), dense 28·28·112 → 10.
  const px = 28 * 28;
  const separable = px * 16 * 25 + px * 32 * 16 + px * 16 * 25 +
    px * 32 * 16 + px * 16 * 9 + px * 32 * 16 + px * 112 * 10;
  for (
    const [name, macs] of [
      ["lenet5", lenet],
      ["lenet5BN", lenet], // BatchNorm adds no multiply-accumulates counted
      ["separableInception", separable],
    ] as const
  ) {
    const model = buildModel(name);
    assert.equal(await forwardFlops(model), 2 * macs, name);
    // The chapters' models: 05's summary (62,132 = LeNet-5's 61,706 less the
    // three convolutions' 142 biases plus 4 × 142 BatchNorm values) and 06's.
    const params = {
      lenet5: 61706,
      lenet5BN: 62132,
      separableInception: 880682,
    };
    assert.equal(model.countParams(), params[name], name);
    assert.equal(await trainingFlopsPerSample(model), 6 * macs, name);
    tf.dispose(model.weights);
  }
});

Deno.test("trainingData is seeded and MNIST-like: mostly zeros, the rest in [0.8, 1), labels 0–9", async () => {
  await onCpu();
  const [x1, y1] = trainingData(64);
  const [x2, y2] = trainingData(64);
  const pixels = await x1.data();
  assert.deepEqual(pixels, await x2.data(), "same images from the same seed");
  assert.deepEqual(await y1.data(), await y2.data(), "same labels");
  const zeros = pixels.filter((v) => v === 0).length / pixels.length;
  assert.ok(zeros > 0.75 && zeros < 0.85, `fraction of zero pixels ${zeros}`);
  assert.ok(pixels.every((v) => v === 0 || (v >= 0.8 && v < 1)));
  const labels = await y1.data();
  assert.ok(labels.every((v) => Number.isInteger(v) && v >= 0 && v <= 9));
  assert.ok(new Set(labels).size > 5, "labels of several classes");
  tf.dispose([x1, y1, x2, y2]);
});

Deno.test("timeFit runs the real fit for warmup + steps batches and returns ms per batch", async () => {
  await onCpu();
  const model = buildModel("lenet5BN");
  const [x, y] = trainingData(8);
  const before = await Promise.all(model.weights.map((w) => w.data()));
  const ms = await timeFit(model, x, y, { batch: 2, steps: 1, warmup: 1 });
  assert.ok(Number.isFinite(ms) && ms > 0, `ms/step ${ms}`);
  const after = await Promise.all(model.weights.map((w) => w.data()));
  assert.ok(
    after.some((a, i) => a.some((v, j) => v !== before[i][j])),
    "fit trained the weights",
  );
  await assert.rejects(
    () => timeFit(model, x, y, { batch: 4, steps: 2, warmup: 1 }),
    /fewer than the 3 asked for/,
  );
  tf.dispose([x, y, ...model.weights]);
});

Deno.test("timeFreshFit builds the model from the seed and times one fit", async () => {
  await onCpu();
  const [x, y] = trainingData(8);
  const before = tf.memory().numTensors;
  const run = await timeFreshFit("lenet5", x, y, {
    batch: 4,
    steps: 1,
    warmup: 0,
  }, 7);
  assert.ok(run.ms > 0);
  assert.deepEqual(run.diverged, []);
  assert.equal(tf.memory().numTensors, before, "the model was disposed");
  tf.dispose([x, y]);
});

Deno.test("the peak module compiles (SIMD128 and relaxed SIMD) and runs on workers", async () => {
  const binary = await compilePeak("relaxed-simd");
  assert.deepEqual([...binary.subarray(0, 4)], [0, 0x61, 0x73, 0x6d]); // \0asm
  const peak = await measurePeak(2, 1, 1e5);
  assert.equal(peak.threads, 2);
  assert.ok(peak.simd128 > 0);
  assert.equal(peak.gflops, Math.max(peak.simd128, peak.relaxed ?? 0));
});

Deno.test("goal verdicts: per-model PyTorch bounds and LeNet+BN within 1.3× of LeNet", () => {
  const lines = goalLines([
    { model: "lenet5", backend: "wasm", ms: 40, torchMs: 50 },
    { model: "miniInception", backend: "wasm", ms: 400, torchMs: 500 },
    { model: "lenet5BN", backend: "wasm", ms: 60, torchMs: 70 },
  ]);
  assert.deepEqual(lines, [
    "lenet5 on wasm vs PyTorch: 0.80× (goal ≤ 1×): met",
    "miniInception on wasm vs PyTorch: 0.80× (goal ≤ 0.75×): NOT met",
    "lenet5BN on wasm vs PyTorch: 0.86× (goal ≤ 1×): met",
    "lenet5BN / lenet5 on wasm: 1.50× (goal ≤ 1.3×): NOT met",
  ]);
});

Deno.test("flag parsing rejects unknown models and non-integers", () => {
  assert.deepEqual(modelNames("lenet5, lenet5BN"), ["lenet5", "lenet5BN"]);
  assert.throws(() => modelNames("lenet5,vgg"), /Unknown model\(s\) vgg/);
  assert.equal(positiveInt("steps", "3"), 3);
  assert.throws(() => positiveInt("steps", "0"), /--steps must be/);
});

const hasTorch = new Deno.Command("/usr/bin/python3", {
  args: ["-c", "import torch"],
  stdout: "null",
  stderr: "null",
}).outputSync().success;

Deno.test({
  name: "PyTorch's fit-like loop reports ms/step for the chapter models",
  ignore: !hasTorch,
  fn: async () => {
    const t = await torchTimes(["lenet5BN", "separableInception"], {
      batch: 2,
      steps: 1,
      warmup: 1,
      images: 8,
      threads: 1,
    });
    assert.equal(t.threads, 1);
    for (const m of ["lenet5BN", "separableInception"]) {
      assert.ok(t.ms[m] > 0, `${m}: ${t.ms[m]}`);
    }
  },
});
