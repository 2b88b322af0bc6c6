/**
 * The GPU check's side-by-side table (tfjs `webgpu` against PyTorch on the
 * same machine) as text and JSON, written atomically into the output folder.
 *
 * @module
 */
import { join } from "node:path";
import { DISPLAY_NAMES } from "../perf/bench_step.ts";
import type { StepFigures } from "./steps.ts";
import { writeTextFileAtomic } from "../../lib/files/mod.ts";
export type { StepFigures } from "./steps.ts";

/** What tools/perf/bench_torch.py prints. */
export interface TorchFigures {
  /** PyTorch version. */
  torch: string;
  /** `cuda` or `cpu`. */
  device: string;
  /** GPU name, or the CPU and its threads. */
  device_name?: string;
  /** CPU threads PyTorch used. */
  threads: number;
  /** Median ms per training step, by model. */
  ms: Record<string, number>;
}

/** Everything the GPU check measured. */
export interface CheckReport {
  /** ISO date of the run. */
  date: string;
  /** tfjs backend. */
  backend: string;
  /** Adapter description as the backend line shows it. */
  adapter: string;
  /** Batch size of the steps and the epoch. */
  batch: number;
  /** Training images of the epoch. */
  trainImages: number;
  /** Test images evaluated. */
  testImages: number;
  /** Per-model step figures. */
  steps: StepFigures[];
  /** The LeNet-5 epoch through `fit`. */
  epoch: { ms: number; loss: number; accuracy: number; testAccuracy: number };
  /** PyTorch's figures, when it ran. */
  torch?: TorchFigures;
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) =>
    i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])
  )
    .join("  ");
}

/** The report as a plain-text table with ratios (tfjs ÷ PyTorch). */
export function formatReport(r: CheckReport): string {
  const torchName = r.torch
    ? `PyTorch ${r.torch.torch} ${r.torch.device}`
    : "PyTorch";
  const head = [
    "model",
    `tfjs ${r.backend} ms/step`,
    `${torchName} ms/step`,
    "ratio",
    "dispatches/step",
    "kernels/step",
    "reads/step",
  ];
  const rows = r.steps.map((s) => {
    const t = r.torch?.ms[s.model];
    return [
      DISPLAY_NAMES[s.model],
      s.msPerStep.toFixed(2),
      t === undefined ? "—" : t.toFixed(2),
      t === undefined ? "—" : `${(s.msPerStep / t).toFixed(2)}×`,
      String(s.dispatches),
      String(s.kernels),
      String(s.reads),
    ];
  });
  const widths = head.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => row[i].length))
  );
  const lines = [
    `GPU check, ${r.date}`,
    `adapter: ${r.backend} — ${r.adapter}`,
    r.torch
      ? `peer: PyTorch ${r.torch.torch} on ${r.torch.device} (${
        r.torch.device_name ?? `${r.torch.threads} threads`
      })`
      : "peer: none (PyTorch did not run)",
    `batch ${r.batch}; ms/step = median over windows of steps ended by one read`,
    "",
    pad(head, widths),
    ...rows.map((row) => pad(row, widths)),
    "",
    `LeNet-5, one epoch of ${r.trainImages} images through fit(): ${
      (r.epoch.ms / 1000).toFixed(1)
    } s (loss ${r.epoch.loss.toFixed(4)}, accuracy ${
      r.epoch.accuracy.toFixed(4)
    }); test accuracy (${r.testImages} images): ${
      r.epoch.testAccuracy.toFixed(4)
    }`,
  ];
  return lines.join("\n") + "\n";
}

/** Writes `gpu_check.txt` and `gpu_check.json` into `dir` (created if needed). */
export async function writeReport(
  dir: string,
  report: CheckReport,
  text: string,
): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  await writeTextFileAtomic(join(dir, "gpu_check.txt"), text);
  await writeTextFileAtomic(
    join(dir, "gpu_check.json"),
    JSON.stringify(report, null, 2) + "\n",
  );
}
