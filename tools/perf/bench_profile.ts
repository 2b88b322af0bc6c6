/**
 * Per-kernel profile of one training step of a course model (as `fit()` runs
 * it): which tfjs kernels the step calls and how long each takes, summed by
 * kernel name and input shapes, slowest first. Finds the hot spots behind
 * `deno task bench`'s numbers.
 *
 * Usage:
 *   deno run -A tools/perf/bench_profile.ts [--model lenet5|miniInception|miniResNet|separableBN]
 *                                      [--backend wasm|cpu|webgpu] [--batch 256] [--threads N] [--top 25]
 *                                      [--warmup 5]
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import {
  registerWasmTrainingKernels,
  silenceNodeBanner,
  startWasm,
  wantedWasmThreads,
} from "../../lib/internals.ts";
import { buildModel, fitStep } from "./bench_step.ts";
import { MODEL_OPTIONS, modelNames, positiveInt } from "./args.ts";

/** One row of the profile: a kernel on given input shapes. */
export interface KernelRow {
  /** Kernel name and input shapes, e.g. `Conv2D [256,28,28,1] [5,5,1,6]`. */
  key: string;
  /** Calls in the step. */
  calls: number;
  /** Total milliseconds. */
  ms: number;
}

/** Groups tf.profile's kernels by name and input shapes, slowest first. */
export function groupKernels(
  kernels: { name: string; inputShapes: number[][]; kernelTimeMs: unknown }[],
): KernelRow[] {
  const rows = new Map<string, KernelRow>();
  for (const k of kernels) {
    const key = `${k.name} ${
      k.inputShapes.map((s) => `[${s?.join(",") ?? ""}]`).join(" ")
    }`;
    const row = rows.get(key) ?? { key, calls: 0, ms: 0 };
    row.calls++;
    row.ms += typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => b.ms - a.ms);
}

async function main() {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      ...MODEL_OPTIONS,
      backend: { type: "string", default: "wasm" },
      threads: { type: "string" },
      top: { type: "string", default: "25" },
      warmup: { type: "string", default: "5" },
    },
  });
  const batch = positiveInt("batch", values.batch);
  const [name] = modelNames(values.model);
  registerWasmTrainingKernels();
  silenceNodeBanner();
  if (values.backend === "wasm") {
    const threads = values.threads
      ? Number(values.threads)
      : wantedWasmThreads();
    console.log(`wasm threads: ${(await startWasm(threads)).threads}`);
  } else {
    if (values.backend === "webgpu") {
      await import("@tensorflow/tfjs-backend-webgpu");
    }
    await tf.setBackend(values.backend);
  }
  const model = buildModel(name);
  const x = tf.randomNormal([batch, 28, 28, 1]);
  const y = tf.randomUniformInt([batch], 0, 10);
  // Enough warm-up steps for V8 to optimise the TypeScript kernels.
  for (let i = 0; i < Number(values.warmup); i++) await fitStep(model, x, y);
  const t0 = performance.now();
  const info = await tf.profile(async () => {
    await fitStep(model, x, y);
    return [];
  });
  const wall = performance.now() - t0;
  const rows = groupKernels(info.kernels);
  const total = rows.reduce((a, r) => a + r.ms, 0);
  console.log(
    `${model.name}, batch ${batch}: step ${
      wall.toFixed(0)
    } ms wall (profiled), ` +
      `kernels ${total.toFixed(0)} ms in ${info.kernels.length} calls`,
  );
  for (const r of rows.slice(0, Number(values.top))) {
    console.log(
      `${r.ms.toFixed(1).padStart(8)} ms ${
        String(r.calls).padStart(3)
      }×  ${r.key}`,
    );
  }
  tf.dispose([x, y, ...model.weights]);
}

if (import.meta.main) await main();
