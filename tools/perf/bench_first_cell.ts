/**
 * `deno task bench:first-cell`: how long the first code cell of chapter 01
 * (`import … from "cnn/mod.ts"`, `datasets.mnist.loadData()`, the float
 * conversion and `trainTestSplit`) takes in a fresh Deno kernel with warm
 * caches, and the same code in a fresh `deno run` process.
 *
 *     deno task bench:first-cell [--runs N] [--raw] [--no-kernel] [--no-process]
 *
 * One untimed run first warms the caches (Deno's module and code caches, the
 * MNIST files and their SHA-256 stamps); then N fresh kernels (default 5)
 * each run the cell once through the course kernelspec (the routing proxy;
 * `--raw`: Deno's kernel alone), and N fresh processes run it with
 * `deno run`. Prints each run, then median and min, and the live status
 * lines the kernel showed. A figure, not a test: nothing here fails on time.
 *
 * @module
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseSource } from "../notebooks/source.ts";
import { ROOT } from "../notebooks/files.ts";
import { pythonEnv, requireJupyter, runCli } from "../notebooks/jupyter_env.ts";
import { denoKernelSpec, writeKernelspec } from "../notebooks/kernelspec.ts";

/** The chapter and cell id that hold the first cell. */
export const FIRST_CELL = { source: "notebooks/src/01_datos.ts", id: "datos" };

const DRIVER = join(ROOT, "tools", "perf", "bench_first_cell.py");
const DATA_DIR = join(ROOT, "build", "jupyter-bench");

/** One kernel run, as bench_first_cell.py reports it. */
export interface KernelRun {
  kernel_start_s: number;
  cell_s: number;
  first_output_s: number | null;
  outputs: {
    type: string;
    at_s: number;
    display_id: string | null;
    text: string;
  }[];
  error: string | null;
}

/** The code of the first cell, read from the chapter's source. */
export async function firstCellCode(): Promise<string> {
  const file = join(ROOT, FIRST_CELL.source);
  const cell = parseSource(await Deno.readTextFile(file), file).find((c) =>
    c.id === FIRST_CELL.id
  );
  if (!cell || cell.kind !== "code") {
    throw new Error(`${FIRST_CELL.source} has no code cell "${FIRST_CELL.id}"`);
  }
  return cell.text;
}

/** Median of `xs` (not empty). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs the cell in `runs` fresh kernels. */
async function kernelRuns(
  code: string,
  runs: number,
  raw: boolean,
): Promise<KernelRun[]> {
  const python = await requireJupyter();
  const kernel = raw ? "deno-raw" : "deno";
  await writeKernelspec(DATA_DIR, denoKernelSpec(), {
    proxy: !raw,
    name: kernel,
  });
  const child = new Deno.Command(python, {
    args: [DRIVER],
    env: pythonEnv({ JUPYTER_PATH: DATA_DIR }),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify({
    kernel,
    cwd: join(ROOT, "notebooks"),
    code,
    runs,
  })));
  await writer.close();
  const [out, err] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  await child.status;
  const results = out.split("\n").filter((l) => l.startsWith("{")).map((l) =>
    JSON.parse(l) as KernelRun
  );
  if (results.length === 0) {
    throw new Error(
      `no kernel run finished:\n${
        err.trim().split("\n").slice(-15).join("\n")
      }`,
    );
  }
  return results;
}

/** Runs the cell in `runs` fresh `deno run` processes; wall seconds of each. */
async function processRuns(code: string, runs: number): Promise<number[]> {
  const dir = join(ROOT, "build", "bench");
  await Deno.mkdir(dir, { recursive: true });
  const file = join(dir, "first_cell.ts");
  await Deno.writeTextFile(file, code + "\n");
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", file],
      cwd: join(ROOT, "notebooks"),
      stdout: "piped",
      stderr: "piped",
    }).output();
    const s = (performance.now() - t0) / 1000;
    if (!out.success) {
      throw new Error(
        `deno run failed:\n${new TextDecoder().decode(out.stderr).trim()}`,
      );
    }
    seconds.push(s);
  }
  return seconds;
}

const fmt = (s: number) => `${s.toFixed(2)} s`;

function summary(label: string, xs: number[]): string {
  return `${label}: median ${fmt(median(xs))}, min ${
    fmt(Math.min(...xs))
  } (${xs.length} runs)`;
}

async function main(): Promise<number> {
  // parseArgs throws on an unknown option, naming it.
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      raw: { type: "boolean", default: false },
      "no-kernel": { type: "boolean", default: false },
      "no-process": { type: "boolean", default: false },
      runs: { type: "string", default: "5" },
    },
  });
  const raw = values.raw;
  const noKernel = values["no-kernel"];
  const noProcess = values["no-process"];
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error("--runs takes a positive integer, e.g. --runs 5");
  }
  const code = await firstCellCode();
  console.log(
    `First cell of ${FIRST_CELL.source} (id "${FIRST_CELL.id}"), ${runs} runs after one warm-up; ` +
      `${navigator.hardwareConcurrency} CPU threads.`,
  );
  if (!noProcess) {
    await processRuns(code, 1); // warm-up
    const s = await processRuns(code, runs);
    console.log(`deno run, whole process: ${s.map(fmt).join(", ")}`);
    console.log(summary("deno run", s));
  }
  if (!noKernel) {
    await kernelRuns(code, 1, raw); // warm-up
    const results = await kernelRuns(code, runs, raw);
    const failed = results.find((x) => x.error);
    if (failed) {
      throw new Error(`the cell failed in the kernel: ${failed.error}`);
    }
    const what = raw ? "kernel (raw)" : "kernel (course kernelspec)";
    console.log(
      `${what}, request to idle: ${
        results.map((x) => fmt(x.cell_s)).join(", ")
      }`,
    );
    console.log(summary(what, results.map((x) => x.cell_s)));
    console.log(
      summary(
        "kernel start (not in the cell)",
        results.map((x) => x.kernel_start_s),
      ),
    );
    console.log("Outputs of the last run:");
    for (const o of results.at(-1)!.outputs) {
      const id = o.display_id ? ` [${o.display_id}]` : "";
      console.log(
        `  ${o.at_s.toFixed(2)} s ${o.type}${id}: ${JSON.stringify(o.text)}`,
      );
    }
  }
  return 0;
}

if (import.meta.main) await runCli(main);
