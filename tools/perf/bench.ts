/**
 * Training-step benchmark of the course's own models (`lib/course/models`): one
 * training step as `fit()` runs it (batch 256 by default, SGD 0.1, sparse
 * categorical cross-entropy and accuracy) for LeNet-5, mini-Inception and
 * MiniResNet(32) on each backend, after warm-up, median of ≥ 5 steps; prints
 * ms/step and the projected epoch time (196 steps = 50,000 images).
 * `--vs-pytorch` runs the same models in PyTorch (Debian's /usr/bin/python3,
 * same thread count) in the same run, alternating with ours model by model,
 * and prints ours/PyTorch; `--rounds N` repeats each pair N times and reports
 * medians (steadier on a shared machine).
 *
 * Usage:
 *   deno task bench [--backends wasm,webgpu,cpu] [--models lenet5,miniInception,miniResNet]
 *                   [--batch 256] [--steps 5] [--warmup 5] [--threads N]
 *                   [--vs-pytorch] [--rounds 1] [--markdown FILE]
 *
 * Default backends: wasm, plus webgpu when a hardware adapter exists (the
 * software adapter and cpu take minutes per model at batch 256; name them to
 * include them). `--threads` sets wasm's and PyTorch's threads (default:
 * `CNN_THREADS`, else every CPU thread). `--markdown` also writes the table,
 * with date and machine, to FILE.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import {
  type BackendName,
  BACKENDS,
  type Model,
  probeAdapter,
  registerWasmTrainingKernels,
  silenceNodeBanner,
  startWasm,
  wantedWasmThreads,
} from "../../lib/internals.ts";
import {
  buildModel,
  DISPLAY_NAMES,
  fitStep,
  MODEL_NAMES,
  type ModelName,
} from "./bench_step.ts";
import { writeTextFileAtomic } from "../../lib/files/mod.ts";

/** Steps per epoch in the course (50,000 training images at batch 256). */
export const STEPS_PER_EPOCH = 196;

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

/** Times `steps` training steps after `warmup` ones; returns each step's ms. */
export async function timeSteps(
  model: Model,
  batch: number,
  steps: number,
  warmup: number,
): Promise<number[]> {
  const x = tf.randomNormal([batch, 28, 28, 1]);
  const y = tf.randomUniformInt([batch], 0, 10);
  const times: number[] = [];
  for (let i = 0; i < warmup + steps; i++) {
    const t0 = performance.now();
    await fitStep(model, x, y); // reads the loss back, so the device finished
    if (i >= warmup) times.push(performance.now() - t0);
  }
  tf.dispose([x, y]);
  return times;
}

/** Runs tools/perf/bench_torch.py and returns its ms/step per model. */
export async function torchTimes(
  models: string[],
  batch: number,
  steps: number,
  warmup: number,
  threads: number,
): Promise<{ ms: Record<string, number>; threads: number; torch: string }> {
  const script = new URL("./bench_torch.py", import.meta.url).pathname;
  const out = await new Deno.Command("/usr/bin/python3", {
    args: [
      script,
      "--models",
      models.join(","),
      "--batch",
      `${batch}`,
      "--steps",
      `${steps}`,
      "--warmup",
      `${warmup}`,
      "--threads",
      `${threads}`,
      "--device",
      "cpu", // the CPU benchmark compares CPUs, even where CUDA exists
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `PyTorch benchmark failed (is python3-torch installed?):\n${
        new TextDecoder().decode(out.stderr)
      }`,
    );
  }
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

function positiveInt(name: string, raw: string, min = 1): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    throw new Error(`--${name} must be an integer ≥ ${min}, got "${raw}".`);
  }
  return n;
}

/** Writes `text` to `path` through a temporary file, so it is never half-written. */
function markdown(
  rows: string[][],
  lines: string[],
): string {
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

async function main() {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      backends: { type: "string" },
      models: { type: "string", default: "lenet5,miniInception,miniResNet" },
      batch: { type: "string", default: "256" },
      steps: { type: "string", default: "5" },
      warmup: { type: "string", default: "5" },
      threads: { type: "string" },
      "vs-pytorch": { type: "boolean", default: false },
      rounds: { type: "string", default: "1" },
      markdown: { type: "string" },
    },
  });
  const batch = positiveInt("batch", values.batch);
  const steps = positiveInt("steps", values.steps);
  const warmup = positiveInt("warmup", values.warmup, 0);
  const rounds = positiveInt("rounds", values.rounds);
  const torchMs = new Map<string, number[]>();
  const threads = values.threads === undefined
    ? wantedWasmThreads()
    : positiveInt("threads", values.threads);
  const models = values.models.split(",") as ModelName[];
  const unknown = models.filter((m) =>
    !(MODEL_NAMES as readonly string[]).includes(m)
  );
  if (unknown.length) {
    throw new Error(
      `Unknown model(s) ${unknown.join(", ")}; use ${MODEL_NAMES.join(", ")}.`,
    );
  }
  const probe = await probeAdapter();
  let backends: BackendName[];
  if (values.backends) {
    backends = values.backends.split(",") as BackendName[];
    const bad = backends.filter((b) =>
      !(BACKENDS as readonly string[]).includes(b)
    );
    if (bad.length) {
      throw new Error(
        `Unknown backend(s) ${bad.join(", ")}; use ${BACKENDS.join(", ")}.`,
      );
    }
  } else {
    backends = probe.found && !probe.software ? ["webgpu", "wasm"] : ["wasm"];
  }
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
  const intro = [
    `Training step as fit() runs it, batch ${batch}, median of ${steps} after ${warmup} warm-up; ` +
    `epoch = ${STEPS_PER_EPOCH} steps. CPU threads: ${cpuThreads}` +
    (wasmThreads ? `; wasm threads: ${wasmThreads}` : "") +
    (probe.found
      ? `; WebGPU adapter: ${probe.description}${
        probe.software ? " (software)" : ""
      }`
      : ""),
  ];
  console.log(intro[0]);
  const vsTorch = values["vs-pytorch"];
  let torchVersion: string | undefined;
  const header = ["model", "backend", "threads", "ms/step", "epoch"];
  if (vsTorch) header.push("PyTorch ms/step", "ours/PyTorch");
  const rows: string[][] = [header];
  for (const backend of backends) {
    if (!(await tf.setBackend(backend))) {
      console.log(`${backend}: could not start, skipped.`);
      continue;
    }
    silenceNodeBanner();
    for (const name of models) {
      const model = buildModel(name);
      // PyTorch and ours alternate, model by model and round by round, so a
      // change in the machine's load hits both sides of the ratio alike.
      const ours: number[] = [];
      const theirs: number[] = [];
      for (let round = 0; round < rounds; round++) {
        if (vsTorch && backend === backends[0]) {
          const t = await torchTimes([name], batch, steps, warmup, threads);
          if (torchVersion === undefined) {
            torchVersion = t.torch;
            intro.push(`PyTorch ${t.torch}, ${t.threads} thread(s).`);
            console.log(intro[intro.length - 1]);
          }
          theirs.push(t.ms[name]);
        }
        ours.push(median(await timeSteps(model, batch, steps, warmup)));
      }
      tf.dispose(model.weights);
      model.compiled?.optimizer.dispose();
      const ms = median(ours);
      const row = [
        DISPLAY_NAMES[name],
        backend,
        backend === "wasm" ? `${wasmThreads}` : backend === "cpu" ? "1" : "-",
        ms.toFixed(1),
        formatDuration(ms * STEPS_PER_EPOCH),
      ];
      if (vsTorch) {
        // PyTorch runs once per model, beside the first backend; later
        // backends reuse its times.
        if (theirs.length) torchMs.set(name, theirs);
        const t = median(torchMs.get(name)!);
        row.push(t.toFixed(1), `${(ms / t).toFixed(1)}×`);
      }
      rows.push(row);
      console.log(row.join("  "));
    }
  }
  const widths = header.map((_, i) =>
    Math.max(...rows.map((r) => r[i].length))
  );
  console.log(
    "\n" +
      rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ")).join(
        "\n",
      ),
  );
  if (values.markdown) {
    const date = new Date().toISOString().slice(0, 10);
    await writeTextFileAtomic(
      values.markdown,
      markdown(rows, [
        `Measured ${date} on a ${cpuThreads}-core machine (\`deno task bench${
          Deno.args.length ? " " + Deno.args.join(" ") : ""
        }\`).`,
        "",
        ...intro,
      ]),
    );
    console.log(`\nTable written to ${values.markdown}`);
  }
}

if (import.meta.main) await main();
