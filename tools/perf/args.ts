/**
 * Command-line pieces the tools in `tools/perf/` share: integer flags and
 * the course model a tool trains (`--model`, `--batch`).
 *
 * @module
 */
import { MODEL_NAMES, type ModelName } from "./bench_step.ts";

/** `raw` as an integer ≥ `min`, or an error naming `--name`. */
export function positiveInt(name: string, raw: string, min = 1): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    throw new Error(`--${name} must be an integer ≥ ${min}, got "${raw}".`);
  }
  return n;
}

/** The model names in `raw` (comma-separated), or an error listing the known ones. */
export function modelNames(raw: string): ModelName[] {
  const names = raw.split(",").map((s) => s.trim());
  const unknown = names.filter((m) =>
    !(MODEL_NAMES as readonly string[]).includes(m)
  );
  if (unknown.length) {
    throw new Error(
      `Unknown model(s) ${unknown.join(", ")}; use ${MODEL_NAMES.join(", ")}.`,
    );
  }
  return names as ModelName[];
}

/** `--model` (default mini-Inception, the heaviest step) and `--batch` (default 256). */
export const MODEL_OPTIONS = {
  model: { type: "string", default: "miniInception" },
  batch: { type: "string", default: "256" },
} as const;
