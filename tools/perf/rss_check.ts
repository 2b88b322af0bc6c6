/**
 * Peak memory of the tutorial's LeNet run: MNIST loaded and prepared as in
 * `notebooks/src/02_lenet.ts` (NHWC float32 / 255, 50,000 / 10,000 split
 * with `randomState: 42`), then `fit` with batch 256 and validation data.
 * Reports the process's peak resident set size (`VmHWM` from
 * `/proc/self/status`, so wasm memory and tensor buffers count) and fails
 * when it exceeds the limit (issue 4: under 2 GiB).
 *
 * Usage:
 *   deno run -A tools/perf/rss_check.ts                          # full: 50,000 images, 1 epoch
 *   deno run -A tools/perf/rss_check.ts --samples 2048 --val-samples 512   # a quick try
 *   deno run -A tools/perf/rss_check.ts --backend cpu --limit-mib 2048 --epochs 1
 *
 * Prints the Keras progress lines, then one JSON line with the result.
 * Exit code 1 when the peak exceeds `--limit-mib`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
// The folders' own entry points, not internals.ts: the measured process
// loads what a LeNet run needs, not the plots or the exercises.
import {
  type BackendName,
  BACKENDS,
  useBestBackend,
} from "../../lib/backend/mod.ts";
import { chapterSplit } from "./chapter_data.ts";
import { lenet5 } from "../../lib/course/models/mod.ts";
import { setRandomSeed } from "../../lib/training/mod.ts";
import { compileAsTutorial } from "./recipe.ts";

const MIB = 1024 * 1024;

/** Peak and current resident set size in bytes (Linux `/proc`), else current RSS for both. */
function rss(): { peak: number; now: number } {
  try {
    const status = Deno.readTextFileSync("/proc/self/status");
    const kib = (key: string) =>
      Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"))?.[1]);
    const peak = kib("VmHWM");
    const now = kib("VmRSS");
    if (Number.isFinite(peak) && Number.isFinite(now)) {
      return { peak: peak * 1024, now: now * 1024 };
    }
  } catch {
    // Not Linux: fall back to the runtime's figure, sampled during training.
  }
  const now = Deno.memoryUsage().rss;
  return { peak: now, now };
}

function positiveInt(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    console.error(
      `rss_check: --${name} must be a positive integer, got "${raw}".`,
    );
    Deno.exit(2);
  }
  return n;
}

const { values } = parseArgs({
  args: Deno.args,
  options: {
    samples: { type: "string", default: "50000" },
    "val-samples": { type: "string", default: "10000" },
    epochs: { type: "string", default: "1" },
    "batch-size": { type: "string", default: "256" },
    backend: { type: "string", default: "wasm" },
    "limit-mib": { type: "string", default: "2048" },
  },
});
const samples = positiveInt("samples", values.samples);
const valSamples = positiveInt("val-samples", values["val-samples"]);
const epochs = positiveInt("epochs", values.epochs);
const batchSize = positiveInt("batch-size", values["batch-size"]);
const limitMiB = positiveInt("limit-mib", values["limit-mib"]);
const backend = values.backend as BackendName;
if (!BACKENDS.includes(backend)) {
  console.error(
    `rss_check: --backend must be one of ${
      BACKENDS.join(", ")
    }, got "${backend}".`,
  );
  Deno.exit(2);
}

await useBestBackend({ backend });
const startRss = rss().now;

const {
  xTrain: xTrainFull,
  xVal: xValFull,
  yTrain: yTrainFull,
  yVal: yValFull,
} = await chapterSplit();
const take = (t: tf.Tensor, n: number) =>
  n >= t.shape[0] ? t : tf.slice(t, 0, n);
const xTrain = take(xTrainFull, samples);
const yTrain = take(yTrainFull, samples);
const xVal = take(xValFull, valSamples);
const yVal = take(yValFull, valSamples);

// Sampled too, for platforms without VmHWM.
let sampledPeak = rss().now;
const timer = setInterval(
  () => (sampledPeak = Math.max(sampledPeak, rss().now)),
  100,
);

setRandomSeed(42);
const lenet = compileAsTutorial(lenet5());
const t0 = performance.now();
const history = await lenet.fit(xTrain, yTrain, {
  epochs,
  batchSize,
  validationData: [xVal, yVal],
});
const seconds = (performance.now() - t0) / 1000;
clearInterval(timer);

const end = rss();
const peak = Math.max(end.peak, sampledPeak);
const result = {
  backend,
  samples: xTrain.shape[0],
  valSamples: xVal.shape[0],
  epochs,
  batchSize,
  seconds: Math.round(seconds * 10) / 10,
  startRssMiB: Math.round(startRss / MIB),
  peakRssMiB: Math.round(peak / MIB),
  endRssMiB: Math.round(end.now / MIB),
  limitMiB,
  numTensors: tf.memory().numTensors,
  accuracy: history.history.accuracy.at(-1),
  valAccuracy: history.history.val_accuracy.at(-1),
  ok: peak <= limitMiB * MIB,
};
console.log(JSON.stringify(result));
if (!result.ok) {
  console.error(
    `Peak RSS ${result.peakRssMiB} MiB exceeds the limit of ${limitMiB} MiB.`,
  );
  Deno.exit(1);
}
