/**
 * `deno task check:routing`: runs notebooks on the raw Jupyter protocol the
 * way the Notebook UI's Run All does (every execute request queued at once,
 * no reading after `idle`) and counts outputs that would land under the wrong
 * cell. By default through the course kernelspec (the routing proxy);
 * `--raw` uses Deno's kernel directly, to measure its bug.
 *
 *     deno task check:routing [--raw] [--repeat N] [--repro] [--full] [--all] [NOTEBOOK...]
 *
 * With no notebook: every chapter and the exercise solution
 * {@link DEFAULT_EXERCISES}; `--all`: every chapter, exercise and solution. `--repro` runs the plain cells of
 * docs/deno_kernel_late_output.md instead. Quick mode unless `--full`.
 * Exits 1 when any output is misrouted or any cell fails.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { join, relative, resolve } from "node:path";
import {
  cellSource,
  listNotebooks,
  NOTEBOOK_DIRS,
  readNotebook,
  ROOT,
} from "../notebooks/files.ts";
import { pythonEnv, requireJupyter, runCli } from "../notebooks/jupyter_env.ts";
import { denoKernelSpec, writeKernelspec } from "../notebooks/kernelspec.ts";

/** Exercise solutions checked by default (besides every chapter). */
export const DEFAULT_EXERCISES = [
  "notebooks/soluciones/01_contar_parametros.ipynb",
];

/** A misrouted output, as route_client.py reports it. */
export interface RoutingProblem {
  /** `after-idle`, `unknown-parent`, `wrong-count` or `timeout`. */
  kind: string;
  /** 0-based index among the run's code cells. */
  cell: number | null;
  msg_type: string | null;
  text: string;
}

/** One notebook run. */
export interface RoutingRun {
  name: string;
  repeat: number;
  cells: number;
  outputs: number;
  misrouted: number;
  problems: RoutingProblem[];
  /** Indexes of code cells whose reply was not `ok`. */
  errors: number[];
  /** Seconds from Run All to the first cell's idle (a started kernel). */
  first_cell_s?: number | null;
  /** The first error output, when a cell failed. */
  first_error?: { cell: number; text: string } | null;
  seconds: number;
}

/** What the proxy did, from its log (absent with `raw`). */
export interface ProxyFigures {
  /** Execute requests it forwarded. */
  requests: number;
  /** Outputs the kernel sent after the request's reply and idle (held back, then delivered in time). */
  lateOutputs: number;
  /** Outputs that came under another parent id and were re-parented. */
  reparented: number;
  /** The latest a late output came after the kernel's idle, in seconds. */
  maxLateS: number;
  /** Outputs that came after their request was answered (passed on, so the UI drops them). */
  tooLate: number;
}

/** Options of {@link checkRouting}. */
export interface RoutingOptions {
  /** Deno's kernel without the proxy. */
  raw?: boolean;
  /** Runs of each notebook (default 1). */
  repeat?: number;
  /** `CNN_QUICK` (default true). */
  quick?: boolean;
  /** Called for each run as it ends. */
  onRun?: (run: RoutingRun) => void;
  /** Called once at the end with the proxy's figures. */
  onProxy?: (figures: ProxyFigures) => void;
}

const CHECKER = join(ROOT, "tools", "ui", "route_client.py");
const DATA_DIR = join(ROOT, "build", "jupyter-route");

/**
 * The plain cells (no lib) that show the kernel's bug: a log and a value,
 * then a short await, a display and a value, twenty times.
 */
export function reproCells(): string[] {
  const cells: string[] = [];
  for (let i = 0; i < 20; i++) {
    cells.push(`console.log("log ${i}"); ${i}`);
    cells.push(
      `await new Promise((r) => setTimeout(r, 5)); ` +
        `Deno.jupyter.display({ "text/plain": "display ${i}" }, { raw: true }); "value ${i}"`,
    );
  }
  return cells;
}

/** Code cells of a notebook, in order. */
export async function codeCells(path: string): Promise<string[]> {
  const nb = await readNotebook(path);
  return nb.cells.filter((c) => c.cell_type === "code").map(cellSource);
}

/** Runs the checker on named cell lists; returns every run. */
export async function checkRouting(
  runs: { name: string; cwd: string; cells: string[] }[],
  options: RoutingOptions = {},
): Promise<RoutingRun[]> {
  const python = await requireJupyter();
  const kernel = options.raw ? "deno-raw" : "deno";
  await writeKernelspec(DATA_DIR, denoKernelSpec(), {
    proxy: !options.raw,
    name: kernel,
  });
  const log = join(DATA_DIR, "proxy-log.jsonl");
  await Deno.remove(log).catch(() => {});
  const child = new Deno.Command(python, {
    args: [CHECKER],
    env: pythonEnv({
      JUPYTER_PATH: DATA_DIR,
      CNN_QUICK: options.quick === false ? "0" : "1",
      CNN_PROXY_LOG: log,
    }),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(
    new TextEncoder().encode(
      JSON.stringify({ kernel, runs, repeat: options.repeat ?? 1 }),
    ),
  );
  await writer.close();
  const stderr = new Response(child.stderr).text();
  const results: RoutingRun[] = [];
  let buffered = "";
  const decoder = new TextDecoder();
  for await (const bytes of child.stdout) {
    buffered += decoder.decode(bytes, { stream: true });
    let nl: number;
    while ((nl = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!line.startsWith("{")) continue;
      const event = JSON.parse(line);
      if (event.event !== "run") continue;
      results.push(event as RoutingRun);
      options.onRun?.(event as RoutingRun);
    }
  }
  await child.status;
  if (!options.raw) options.onProxy?.(await proxyFigures(log));
  if (results.length === 0) {
    throw new Error(
      `the routing check ran nothing:\n${
        (await stderr).trim().split("\n").slice(-15).join("\n")
      }`,
    );
  }
  return results;
}

/** Sums the proxy's per-request log lines. */
export async function proxyFigures(log: string): Promise<ProxyFigures> {
  const f: ProxyFigures = {
    requests: 0,
    lateOutputs: 0,
    reparented: 0,
    maxLateS: 0,
    tooLate: 0,
  };
  const text = await Deno.readTextFile(log).catch(() => "");
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    const r = JSON.parse(line);
    f.requests += 1;
    f.lateOutputs += r.late_outputs;
    f.reparented += r.reparented;
    f.maxLateS = Math.max(f.maxLateS, r.late_after_s ?? 0);
    // A running total per proxy (kernel): sum each kernel's last figure.
    f.tooLate = Math.max(f.tooLate, r.too_late_total ?? 0);
  }
  return f;
}

async function main(): Promise<number> {
  // parseArgs throws on an unknown option, naming it.
  const { values, positionals: args } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: {
      raw: { type: "boolean", default: false },
      repro: { type: "boolean", default: false },
      full: { type: "boolean", default: false },
      all: { type: "boolean", default: false },
      repeat: { type: "string", default: "1" },
    },
  });
  const { raw, repro, full, all } = values;
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) {
    throw new Error(
      `--repeat needs a whole number of runs (1 or more), got ${values.repeat}`,
    );
  }
  let runs;
  if (repro) {
    runs = [{ name: "repro (plain cells)", cwd: ROOT, cells: reproCells() }];
  } else {
    const paths = args.length ? args : [
      ...await listNotebooks(NOTEBOOK_DIRS.curso),
      ...(all
        ? [
          ...await listNotebooks(NOTEBOOK_DIRS.ejercicios),
          ...await listNotebooks(NOTEBOOK_DIRS.soluciones),
        ]
        : DEFAULT_EXERCISES.map((p) => join(ROOT, p))),
    ];
    runs = [];
    for (const p of paths) {
      const abs = resolve(Deno.cwd(), p);
      runs.push({
        name: relative(ROOT, abs),
        cwd: join(abs, ".."),
        cells: await codeCells(abs),
      });
    }
  }
  const started = Date.now();
  const results = await checkRouting(runs, {
    raw,
    repeat,
    quick: !full,
    onProxy: (f) =>
      console.log(
        `proxy: ${f.requests} execute requests, ${f.lateOutputs} outputs came after the kernel's idle ` +
          `(held and delivered in time; the latest ${
            (f.maxLateS * 1000).toFixed(0)
          } ms after), ${f.reparented} re-parented, ${f.tooLate} too late to deliver`,
      ),
    onRun: (run) => {
      console.log(
        `${run.name} (run ${run.repeat}): ${run.cells} cells, ${run.outputs} outputs, ` +
          `${run.misrouted} misrouted, ${run.errors.length} failed cells, ${run.seconds} s ` +
          `(first cell ${run.first_cell_s ?? "?"} s)`,
      );
      if (run.first_error) {
        console.log(
          `  first error, cell ${
            run.first_error.cell + 1
          }: ${run.first_error.text}`,
        );
      }
      for (const p of run.problems) {
        console.log(
          `  ${p.kind} cell ${
            p.cell === null ? "?" : p.cell + 1
          }: ${p.msg_type} ${JSON.stringify(p.text)}`,
        );
      }
    },
  });
  const misrouted = results.reduce((s, r) => s + r.misrouted, 0);
  const failed = results.reduce((s, r) => s + r.errors.length, 0);
  const cells = results.reduce((s, r) => s + r.cells, 0);
  const late = results.filter((r) => r.misrouted > 0).length;
  console.log(
    `${new Date().toISOString().slice(0, 10)} ${
      raw ? "Deno kernel (no proxy)" : "course kernel (proxy)"
    }: ` +
      `${results.length} runs, ${cells} cells, ${misrouted} misrouted outputs ` +
      `(${late} runs affected), ${failed} failed cells, ${
        ((Date.now() - started) / 1000).toFixed(0)
      } s`,
  );
  return misrouted === 0 && failed === 0 ? 0 : 1;
}

if (import.meta.main) await runCli(main);
