/**
 * Training speed of the course's models as students see it: `fit` itself
 * (tools/perf/fit_timing.ts: shuffled batches from a 50,000-image tensor,
 * loss and accuracy read back per batch, the progress bar formatted as in a
 * notebook) for LeNet-5, mini-Inception, MiniResNet(32), chapter 05's
 * LeNet-5+BN and chapter 06's separable mini-Inception, batch 256, SGD 0.1.
 * Prints ms/step, the projected epoch (196 steps), GFLOP/s achieved (FLOPs
 * counted from the models' shapes, tools/perf/flops.ts) and % of this
 * machine's measured wasm SIMD multiply-add peak (tools/perf/peak.ts, run
 * first on as many threads as wasm uses). `--vs-pytorch` runs the same
 * models in PyTorch (tools/perf/bench_torch.py, Debian's /usr/bin/python3,
 * same batch, images and threads), alternating with ours model by model and
 * round by round so the machine's load hits both sides alike, and prints
 * ours/PyTorch and whether the goals of issue 19 are met. Figures are
 * medians of `--rounds` rounds.
 *
 * Usage:
 *   deno task bench [--backends wasm,webgpu,cpu]
 *                   [--models lenet5,miniInception,miniResNet,lenet5BN,separableInception]
 *                   [--batch 256] [--steps 8] [--warmup 3] [--rounds 3] [--images 50000]
 *                   [--threads N] [--vs-pytorch] [--markdown FILE]
 *
 * Default backends: wasm, plus webgpu when a hardware adapter exists.
 * `--threads` sets wasm's and PyTorch's threads (default: `CNN_THREADS`,
 * else every CPU thread). `--markdown` also writes the table, with date,
 * machine and load, to FILE.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import {
  type BackendName,
  BACKENDS,
  probeAdapter,
  registerWasmTrainingKernels,
  silenceNodeBanner,
  startWasm,
  wantedWasmThreads,
} from "../../lib/internals.ts";
import { buildModel, DISPLAY_NAMES, type ModelName } from "./bench_step.ts";
import { modelNames, positiveInt } from "./args.ts";
import { timeFreshFit, trainingData } from "./fit_timing.ts";
import { trainingFlopsPerSample } from "./flops.ts";
import { describePeak, measurePeak } from "./peak.ts";
import { torchTimes } from "./torch_times.ts";
import { goalLines, type Measured } from "./goals.ts";
import { writeTextFileAtomic } from "../../lib/files/mod.ts";

/** Training images per epoch in the course (the 50,000 of the split). */
export const EPOCH_IMAGES = 50_000;

/** The models `deno task bench` times by default. */
export const BENCH_MODELS: readonly ModelName[] = [
  "lenet5",
  "miniInception",
  "miniResNet",
  "lenet5BN",
  "separableInception",
];

/** Median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Formats milliseconds as Keras-like seconds or minutes. */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  return s < 120 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`;
}

/** The 1-minute load average (Linux), for the figures' context. */
export function loadAverage(): string {
  try {
    return Deno.readTextFileSync("/proc/loadavg").split(" ")[0];
  } catch {
    return "?";
  }
}

function markdown(rows: string[][], lines: string[]): string {
  const [header, ...body] = rows;
  return [
    ...lines,
    "",
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...body.map((r) => `| ${r.join(" | ")} |`),
    "",
  ].join("\n");
}

function pickBackends(
  raw: string | undefined,
  hardwareGpu: boolean,
): BackendName[] {
  if (!raw) return hardwareGpu ? ["webgpu", "wasm"] : ["wasm"];
  const backends = raw.split(",") as BackendName[];
  const bad = backends.filter((b) =>
    !(BACKENDS as readonly string[]).includes(b)
  );
  if (bad.length) {
    throw new Error(
      `Unknown backend(s) ${bad.join(", ")}; use ${BACKENDS.join(", ")}.`,
    );
  }
  return backends;
}

async function main() {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      backends: { type: "string" },
      models: { type: "string", default: BENCH_MODELS.join(",") },
      batch: { type: "string", default: "256" },
      steps: { type: "string", default: "8" },
      warmup: { type: "string", default: "3" },
      rounds: { type: "string", default: "3" },
      images: { type: "string", default: "50000" },
      threads: { type: "string" },
      "vs-pytorch": { type: "boolean", default: false },
      markdown: { type: "string" },
    },
  });
  const timing = {
    batch: positiveInt("batch", values.batch),
    steps: positiveInt("steps", values.steps),
    warmup: positiveInt("warmup", values.warmup, 0),
  };
  // An epoch as fit runs it: the last batch may be short (ceil).
  const stepsPerEpoch = Math.ceil(EPOCH_IMAGES / timing.batch);
  const rounds = positiveInt("rounds", values.rounds);
  const images = positiveInt("images", values.images);
  const threads = values.threads === undefined
    ? wantedWasmThreads()
    : positiveInt("threads", values.threads);
  const models = modelNames(values.models);
  const probe = await probeAdapter();
  const backends = pickBackends(
    values.backends,
    probe.found && !probe.software,
  );
  registerWasmTrainingKernels();
  silenceNodeBanner();
  let wasmThreads = 0;
  if (backends.includes("wasm")) {
    const started = await startWasm(threads);
    wasmThreads = started.threads;
    if (started.note) console.log(`wasm: ${started.note}`);
  }
  if (backends.includes("webgpu")) {
    await import("@tensorflow/tfjs-backend-webgpu");
  }
  const cpuThreads = navigator.hardwareConcurrency ?? 1;
  const peak = await measurePeak(wasmThreads || threads);
  const intro = [
    `fit() as a notebook runs it: batch ${timing.batch}, shuffled from ${images} images, ` +
    `mean of ${timing.steps} batches after ${timing.warmup}, median of ${rounds} round(s); ` +
    `epoch = ${stepsPerEpoch} steps of ${timing.batch}. CPU threads: ${cpuThreads}` +
    (wasmThreads ? `; wasm threads: ${wasmThreads}` : "") +
    (probe.found
      ? `; WebGPU adapter: ${probe.description}${
        probe.software ? " (software)" : ""
      }`
      : "") +
    `. Load at start: ${loadAverage()}.`,
    describePeak(peak) + ".",
  ];
  intro.forEach((l) => console.log(l));
  const vsTorch = values["vs-pytorch"];
  const header = [
    "model",
    "backend",
    "threads",
    "ms/step",
    "epoch",
    "GFLOP/s",
    "% peak",
  ];
  if (vsTorch) header.push("PyTorch ms/step", "ours/PyTorch");
  const rows: string[][] = [header];
  const measured: Measured[] = [];
  const torchMs = new Map<ModelName, number>();
  for (const backend of backends) {
    if (!(await tf.setBackend(backend))) {
      console.log(`${backend}: could not start, skipped.`);
      continue;
    }
    silenceNodeBanner();
    const [x, y] = trainingData(images);
    for (const name of models) {
      const model = buildModel(name);
      const flops = await trainingFlopsPerSample(model);
      tf.dispose(model.weights);
      const ours: number[] = [];
      const theirs: number[] = [];
      for (let round = 0; round < rounds; round++) {
        if (vsTorch && backend === backends[0]) {
          // PyTorch gets the threads wasm really started with (it may fall
          // back to fewer), so the two run on the same number.
          const t = await torchTimes([name], {
            ...timing,
            images,
            threads: wasmThreads || threads,
          });
          if (!intro.some((l) => l.startsWith("PyTorch"))) {
            intro.push(`PyTorch ${t.torch}, ${t.threads} thread(s).`);
            console.log(intro[intro.length - 1]);
          }
          theirs.push(t.ms[name]);
        }
        const run = await timeFreshFit(name, x, y, timing, 1000 * round);
        if (run.diverged.length) {
          console.log(
            `${name}: loss NaN from seed(s) ${run.diverged}; timed the next seed.`,
          );
        }
        ours.push(run.ms);
      }
      const ms = median(ours);
      const gflops = flops * timing.batch / ms / 1e6;
      const row = [
        DISPLAY_NAMES[name],
        backend,
        backend === "wasm" ? `${wasmThreads}` : backend === "cpu" ? "1" : "-",
        ms.toFixed(1),
        formatDuration(ms * stepsPerEpoch),
        gflops.toFixed(2),
        backend === "webgpu"
          ? "-"
          : `${(100 * gflops / peak.gflops).toFixed(0)} %`,
      ];
      // PyTorch runs beside the first backend; later ones reuse its figure.
      if (theirs.length) torchMs.set(name, median(theirs));
      const t = torchMs.get(name);
      if (vsTorch && t !== undefined) {
        row.push(t.toFixed(1), `${(ms / t).toFixed(2)}×`);
      }
      rows.push(row);
      measured.push({ model: name, backend, ms, torchMs: t });
      console.log(row.join("  ") + `  (load ${loadAverage()})`);
    }
    tf.dispose([x, y]);
  }
  const widths = header.map((_, i) =>
    Math.max(...rows.map((r) => r[i].length))
  );
  const table = rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  "))
    .join("\n");
  const goals = goalLines(measured);
  console.log(`\n${table}\n\n${goals.join("\n")}`);
  if (values.markdown) {
    const date = new Date().toISOString().slice(0, 10);
    await writeTextFileAtomic(
      values.markdown,
      markdown(rows, [
        `Measured ${date} on a ${cpuThreads}-core machine (\`deno task bench${
          Deno.args.length ? " " + Deno.args.join(" ") : ""
        }\`), load ${loadAverage()} at the end.`,
        "",
        ...intro,
      ]) + "\n" + goals.map((g) => `- ${g}`).join("\n") + "\n",
    );
    console.log(`\nTable written to ${values.markdown}`);
  }
}

if (import.meta.main) await main();
