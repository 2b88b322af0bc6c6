/**
 * Training-step benchmark: one SGD step (batch 256 by default) of LeNet-5,
 * mini-Inception and MiniResNet(32) on each backend, after warm-up, median of
 * ≥ 5 steps; prints ms/step and the projected epoch time (196 steps = 50,000
 * images). `--vs-pytorch` runs the same models in PyTorch (Debian's
 * /usr/bin/python3) in the same run and prints ours/PyTorch.
 *
 * Usage:
 *   deno task bench [--backends wasm,webgpu,cpu] [--models lenet5,miniInception,miniResNet]
 *                   [--batch 256] [--steps 5] [--warmup 2] [--vs-pytorch] [--torch-threads N]
 *
 * Default backends: wasm, plus webgpu when a hardware adapter exists (the
 * software adapter and cpu take minutes per model at batch 256; name them to
 * include them).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import { probeAdapter } from "../lib/backend/adapter.ts";
import {
  type BackendName,
  BACKENDS,
  silenceNodeBanner,
} from "../lib/backend/select.ts";
import { registerWasmTrainingKernels } from "../lib/backend/wasm_training.ts";
import {
  buildModel,
  type ModelName,
  sgdStep,
  type StepModel,
} from "./bench_models.ts";

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

/** Times `steps` SGD steps after `warmup` ones; returns each step's ms. */
export async function timeSteps(
  model: StepModel,
  batch: number,
  steps: number,
  warmup: number,
): Promise<number[]> {
  const x = tf.randomNormal([batch, 28, 28, 1]);
  const y = tf.randomUniformInt([batch], 0, 10);
  const opt = tf.train.sgd(0.1);
  const times: number[] = [];
  for (let i = 0; i < warmup + steps; i++) {
    const t0 = performance.now();
    const loss = sgdStep(model, opt, x, y);
    await loss.data(); // waits for the device (webgpu) to finish the step
    loss.dispose();
    if (i >= warmup) times.push(performance.now() - t0);
  }
  tf.dispose([x, y]);
  opt.dispose();
  return times;
}

/** Runs tools/bench_torch.py and returns its ms/step per model. */
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

async function main() {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      backends: { type: "string" },
      models: { type: "string", default: "lenet5,miniInception,miniResNet" },
      batch: { type: "string", default: "256" },
      steps: { type: "string", default: "5" },
      warmup: { type: "string", default: "2" },
      "vs-pytorch": { type: "boolean", default: false },
      "torch-threads": { type: "string" },
    },
  });
  const batch = Number(values.batch);
  const steps = Number(values.steps);
  const warmup = Number(values.warmup);
  if (!(batch > 0 && steps >= 1 && warmup >= 0)) {
    throw new Error(
      "--batch and --steps must be positive integers and --warmup ≥ 0.",
    );
  }
  const models = values.models.split(",") as ModelName[];
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
  if (backends.includes("webgpu")) {
    await import("@tensorflow/tfjs-backend-webgpu");
  }
  await tf.ready();
  silenceNodeBanner();
  const threads = navigator.hardwareConcurrency ?? 1;
  console.log(
    `Training step, batch ${batch}, median of ${steps} after ${warmup} warm-up; ` +
      `epoch = ${STEPS_PER_EPOCH} steps. CPU threads: ${threads}` +
      (probe.found
        ? `; WebGPU adapter: ${probe.description}${
          probe.software ? " (software)" : ""
        }`
        : ""),
  );
  let torch: Awaited<ReturnType<typeof torchTimes>> | undefined;
  if (values["vs-pytorch"]) {
    const torchThreads = Number(values["torch-threads"] ?? threads);
    torch = await torchTimes(models, batch, steps, warmup, torchThreads);
    console.log(
      `PyTorch ${torch.torch}, ${torch.threads} thread(s); tfjs wasm uses 1 thread.`,
    );
  }
  const header = ["model", "backend", "ms/step", "epoch"];
  if (torch) header.push("PyTorch ms/step", "ours/PyTorch");
  const rows: string[][] = [header];
  for (const backend of backends) {
    if (!(await tf.setBackend(backend))) {
      console.log(`${backend}: could not start, skipped.`);
      continue;
    }
    for (const name of models) {
      tf.engine().startScope();
      const model = buildModel(name);
      const times = await timeSteps(model, batch, steps, warmup);
      tf.engine().endScope();
      tf.dispose(model.allVariables);
      const ms = median(times);
      const row = [
        model.name,
        backend,
        ms.toFixed(1),
        formatDuration(ms * STEPS_PER_EPOCH),
      ];
      if (torch) {
        const t = torch.ms[name];
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
}

if (import.meta.main) await main();
