/**
 * The divergence study's JSON record (`--out`), rewritten atomically after
 * every seed so a long run that is stopped keeps what it finished, and
 * `--combine`, which joins the records of runs over different seeds (a study
 * split across processes) into one report.
 *
 * @module
 */
import { dirname } from "node:path";
import { writeTextFileAtomic } from "../../lib/files/mod.ts";
import {
  seedLine,
  type SeedLosses,
  summarize,
  summaryLines,
} from "./divergence_report.ts";

/** What a study run records. */
export interface StudyRecord {
  /** When the run started (ISO 8601). */
  date: string;
  /** The command line. */
  command: string;
  /** CPU threads of the machine. */
  cpuThreads: number;
  /** Our wasm threads. */
  wasmThreads: number;
  /** PyTorch's version. */
  torch: string;
  /** PyTorch's threads. */
  torchThreads: number;
  /** Batches per seed. */
  batches: number;
  /** Batch size. */
  batch: number;
  /** Loss above which a run counts as diverged. */
  threshold: number;
  /** Training images. */
  samples: number;
  /** Whether every seed asked for was run. */
  complete: boolean;
  /** Each finished seed's losses. */
  seeds: SeedLosses[];
}

// JSON has no NaN/Infinity (JSON.stringify writes null): keep them as text.
function encode(losses: number[]): (number | string)[] {
  return losses.map((v) => Number.isFinite(v) ? v : String(v));
}

function decode(losses: (number | string)[]): number[] {
  return losses.map((v) => typeof v === "string" ? Number(v) : v);
}

/** Writes the record atomically, with the summary of the seeds so far. */
export async function writeRecord(
  path: string,
  record: StudyRecord,
): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const summary = record.seeds.length
    ? summarize(record.seeds, record.threshold)
    : undefined;
  const seeds = record.seeds.map((s) => ({
    seed: s.seed,
    ours: encode(s.ours),
    torch: encode(s.torch),
  }));
  await writeTextFileAtomic(
    path,
    JSON.stringify({ ...record, summary, seeds }) + "\n",
  );
}

/** Reads a record written by {@link writeRecord}. */
export async function readRecord(path: string): Promise<StudyRecord> {
  const raw = JSON.parse(await Deno.readTextFile(path));
  return {
    ...raw,
    seeds: (raw.seeds as { seed: number; ours: []; torch: [] }[]).map((s) => ({
      seed: s.seed,
      ours: decode(s.ours),
      torch: decode(s.torch),
    })),
  };
}

/**
 * Joins records of the same study (same batches, batch size, threshold and
 * images) and prints one report over all their seeds; returns the exit code.
 */
export async function combine(
  paths: string[],
  tolerance: number,
): Promise<number> {
  const records = await Promise.all(paths.map(readRecord));
  const first = records[0];
  for (const [i, r] of records.entries()) {
    for (const key of ["batches", "batch", "threshold", "samples"] as const) {
      if (r[key] !== first[key]) {
        console.error(
          `--combine: ${paths[i]} has ${key} ${r[key]}, ${paths[0]} ${
            first[key]
          }; only runs of the same study can be joined.`,
        );
        return 2;
      }
    }
  }
  const bySeed = new Map<number, SeedLosses>();
  for (const r of records) for (const s of r.seeds) bySeed.set(s.seed, s);
  const seeds = [...bySeed.values()].sort((a, b) => a.seed - b.seed);
  if (seeds.length === 0) {
    console.error(`--combine: no finished seed in ${paths.join(", ")}.`);
    return 1;
  }
  console.log(
    `Divergence study, combined from ${records.length} run(s) (${
      records.map((r) => r.date).join(", ")
    }): ${seeds.length} seeds, ${first.batches} batches of ${first.batch}, ` +
      `${first.samples} training images; ours wasm ${first.wasmThreads} ` +
      `thread(s), PyTorch ${first.torch} ${first.torchThreads} thread(s)` +
      (records.every((r) => r.complete) ? "." : "; some runs unfinished."),
  );
  for (const s of seeds) console.log(seedLine(s, first.threshold));
  const summary = summarize(seeds, first.threshold);
  for (const line of summaryLines(summary, first.threshold, tolerance)) {
    console.log(line);
  }
  return summary.maxFirstDelta <= tolerance ? 0 : 1;
}
