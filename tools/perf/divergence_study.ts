/**
 * `deno task study:divergence`: does our mini-Inception diverge more often
 * than PyTorch's with the tutorial's recipe (SGD 0.1, batch 256, sparse
 * categorical cross-entropy)? Like for like: for each seed, ours is seeded
 * with `setRandomSeed(seed)` as chapter 03 is, and PyTorch (Debian's
 * /usr/bin/python3, `divergence_torch.py`) starts from *our* initial
 * weights and sees *the same batches in the same order* (both written to a
 * temporary folder), each framework on the same number of threads, both
 * running at once.
 *
 * Usage:
 *   deno task study:divergence [--seeds 30] [--batches 100] [--threads 1]
 *     [--first-seed 0] [--threshold 10] [--tolerance 1e-4] [--subset N]
 *     [--out build/divergence.json]
 *   deno task study:divergence --combine a.json,b.json   # one report over runs
 *
 * Prints one line per seed, then both divergence rates with 95 % Wilson
 * intervals and Fisher's exact test. As a guard on the study itself, the
 * first batch's loss (same weights, same batch) must agree between the two
 * to `--tolerance`; when it does not, the study stops with exit code 1.
 * `--subset N` trains on the first N training images (the tests use it).
 * `--out` is rewritten after every seed; `--combine` reports over the seeds
 * of several such records (a study split across processes by
 * `--first-seed` / `--seeds`, or one stopped early).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  registerWasmTrainingKernels,
  silenceNodeBanner,
  startWasm,
} from "../../lib/internals.ts";
import { positiveInt } from "./args.ts";
import { combine, type StudyRecord, writeRecord } from "./divergence_record.ts";
import { prepareData, startSeed, trainOurs } from "./divergence_ours.ts";
import {
  firstDelta,
  seedLine,
  type SeedLosses,
  summarize,
  summaryLines,
} from "./divergence_report.ts";

const PYTHON = "/usr/bin/python3";
const TORCH_SIDE = join(
  dirname(fileURLToPath(import.meta.url)),
  "divergence_torch.py",
);

/** A flag that takes a number above zero (a tolerance, a threshold). */
function positiveNumber(name: string, raw: string): number {
  const n = Number(raw);
  if (!(n > 0)) {
    throw new Error(`--${name} must be a number above 0, got "${raw}".`);
  }
  return n;
}

/** PyTorch's loss values: numbers, or "nan" / "inf" / "-inf". */
function torchLoss(v: number | string): number {
  if (typeof v === "number") return v;
  return v === "inf" ? Infinity : v === "-inf" ? -Infinity : NaN;
}

/** The PyTorch side: one long-lived process fed one seed at a time. */
class TorchSide {
  #child: Deno.ChildProcess;
  #out: ReadableStreamDefaultReader<string>;
  #buffered = "";
  #stdin: WritableStreamDefaultWriter<Uint8Array>;
  version = "";
  threads = 0;

  constructor(dataDir: string, threads: number, batch: number) {
    this.#child = new Deno.Command(PYTHON, {
      args: [
        TORCH_SIDE,
        dataDir,
        "--threads",
        `${threads}`,
        "--batch",
        `${batch}`,
      ],
      // OpenMP/MKL read these before torch.set_num_threads runs.
      env: { OMP_NUM_THREADS: `${threads}`, MKL_NUM_THREADS: `${threads}` },
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    this.#out = this.#child.stdout.pipeThrough(new TextDecoderStream())
      .getReader();
    this.#stdin = this.#child.stdin.getWriter();
  }

  /** Queues a seed; PyTorch starts on it at once. */
  async send(seed: number, dir: string): Promise<void> {
    await this.#stdin.write(
      new TextEncoder().encode(JSON.stringify({ seed, dir }) + "\n"),
    );
  }

  /** The next line PyTorch prints, or `undefined` once it has exited. */
  async #line(): Promise<string | undefined> {
    while (!this.#buffered.includes("\n")) {
      const { value, done } = await this.#out.read();
      if (done) return undefined;
      this.#buffered += value;
    }
    const at = this.#buffered.indexOf("\n");
    const line = this.#buffered.slice(0, at);
    this.#buffered = this.#buffered.slice(at + 1);
    return line;
  }

  /** The next seed's losses. */
  async receive(seed: number): Promise<number[]> {
    const value = await this.#line();
    if (value === undefined) {
      const status = await this.#child.status;
      throw new Error(
        `divergence study: ${PYTHON} ${TORCH_SIDE} exited (code ${status.code}) before seed ${seed}; its error is above.`,
      );
    }
    const out = JSON.parse(value);
    if (out.seed !== seed) {
      throw new Error(
        `divergence study: PyTorch answered seed ${out.seed}, expected ${seed}.`,
      );
    }
    this.version = out.torch;
    this.threads = out.threads;
    return (out.losses as (number | string)[]).map(torchLoss);
  }

  /** Stops PyTorch at once (the study was interrupted). */
  kill(): void {
    try {
      this.#child.kill("SIGTERM");
    } catch {
      // already gone
    }
  }

  /** Ends the process (stdin closed: it finishes its loop and exits). */
  async close(): Promise<void> {
    await this.#stdin.close().catch(() => {});
    await this.#out.cancel().catch(() => {});
    await this.#child.status;
  }
}

/** Whether Debian's Python has torch (the tests skip without it). */
export async function torchAvailable(): Promise<boolean> {
  try {
    const { code } = await new Deno.Command(PYTHON, {
      args: ["-c", "import torch, numpy"],
      stdout: "null",
      stderr: "null",
    }).output();
    return code === 0;
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      seeds: { type: "string", default: "30" },
      batches: { type: "string", default: "100" },
      batch: { type: "string", default: "256" },
      threads: { type: "string", default: "1" },
      "first-seed": { type: "string", default: "0" },
      threshold: { type: "string", default: "10" },
      tolerance: { type: "string", default: "1e-4" },
      subset: { type: "string" },
      out: { type: "string" },
      combine: { type: "string" },
    },
  });
  const tolerance = positiveNumber("tolerance", values.tolerance);
  if (values.combine) {
    return await combine(values.combine.split(","), tolerance);
  }
  const seeds = positiveInt("seeds", values.seeds);
  const batches = positiveInt("batches", values.batches);
  const batch = positiveInt("batch", values.batch);
  const threads = positiveInt("threads", values.threads);
  const firstSeed = positiveInt("first-seed", values["first-seed"], 0);
  const threshold = positiveNumber("threshold", values.threshold);
  const subset = values.subset === undefined
    ? undefined
    : positiveInt("subset", values.subset);

  registerWasmTrainingKernels();
  silenceNodeBanner();
  const wasm = await startWasm(threads);
  const tmp = await Deno.makeTempDir({ prefix: "divergence-study-" });
  const started = new Date();
  const results: SeedLosses[] = [];
  let torch: TorchSide | undefined;
  let samples = 0;
  const record = (complete: boolean): StudyRecord => ({
    date: started.toISOString(),
    command: ["deno task study:divergence", ...Deno.args].join(" "),
    cpuThreads: navigator.hardwareConcurrency,
    wasmThreads: wasm.threads,
    torch: torch?.version ?? "",
    torchThreads: torch?.threads ?? 0,
    batches,
    batch,
    threshold,
    samples,
    complete,
    seeds: results,
  });
  // Stopped by a signal, the study still ends PyTorch and removes its temp
  // folder (hundreds of MB), which the `finally` below would not get to.
  const onSignal = () => {
    torch?.kill();
    Deno.removeSync(tmp, { recursive: true });
    Deno.exit(130);
  };
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
  try {
    const data = await prepareData(tmp, subset);
    samples = data.x.shape[0];
    console.log(
      `Divergence study: mini-Inception, SGD (learning rate 0.1), batch ${batch}, ` +
        `sparse categorical cross-entropy, ${batches} batches from ${seeds} seeds ` +
        `(${firstSeed}..${
          firstSeed + seeds - 1
        }), ${samples} training images. ` +
        `Same initial weights and batch order in both.`,
    );
    torch = new TorchSide(tmp, threads, batch);
    for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
      const dir = join(tmp, `seed-${seed}`);
      const start = await startSeed(seed, samples, batches, batch, dir);
      await torch.send(seed, dir); // PyTorch trains while ours does
      const ours = await trainOurs(start, data, batch);
      const s: SeedLosses = { seed, ours, torch: await torch.receive(seed) };
      await Deno.remove(dir, { recursive: true });
      if (results.length === 0) {
        console.log(
          `ours: wasm, ${wasm.threads} thread(s); PyTorch ${torch.version}, ` +
            `cpu, ${torch.threads} thread(s); ${navigator.hardwareConcurrency} CPU threads.`,
        );
      }
      results.push(s);
      console.log(seedLine(s, threshold));
      if (values.out) await writeRecord(values.out, record(false));
      if (!(firstDelta(s) <= tolerance)) {
        console.error(
          `FAILED: seed ${seed}: the first batch's loss differs by ${
            firstDelta(s)
          } ` +
            `(> ${tolerance}) with the same weights and batch, so the two models ` +
            `are not the same computation and the study would compare nothing.`,
        );
        return 1;
      }
    }
    const summary = summarize(results, threshold);
    for (const line of summaryLines(summary, threshold, tolerance)) {
      console.log(line);
    }
    if (values.out) await writeRecord(values.out, record(true));
    return 0;
  } finally {
    Deno.removeSignalListener("SIGINT", onSignal);
    Deno.removeSignalListener("SIGTERM", onSignal);
    await torch?.close();
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) Deno.exit(await main());
