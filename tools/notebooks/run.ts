/**
 * `deno task notebooks`: executes the course notebooks headless and writes
 * the executed copies to `build/executed/`.
 *
 * Usage:
 *   deno task notebooks                      # notebooks/*.ipynb
 *   deno task notebooks --all                # + notebooks/ejercicios, notebooks/soluciones
 *   deno task notebooks notebooks/02_lenet.ipynb notebooks/soluciones
 *   CNN_QUICK=1 deno task notebooks          # quick mode (small subset, 1 epoch)
 *   deno task notebooks --timeout 600        # per-cell timeout in seconds
 *
 * Exits 1 when any notebook fails, after printing notebook, cell and error.
 *
 * @module
 */

import { relative, resolve } from "node:path";
import {
  describeFailure,
  executeNotebooks,
  type NotebookResult,
} from "./execute.ts";
import { runCli } from "./jupyter_env.ts";
import { listNotebooks, NOTEBOOK_DIRS, ROOT, type Section } from "./files.ts";

/** Options of {@link runNotebooks}. */
export interface RunOptions {
  /** Per-cell timeout in seconds. */
  timeoutS?: number;
  /** Where progress goes (default: console.log). */
  log?: (line: string) => void;
}

/** Expands files and folders to the `.ipynb` files they name, in order. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const full = resolve(p);
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(full);
    } catch {
      throw new Error(
        `${p}: no such notebook or folder (give .ipynb files or folders holding them)`,
      );
    }
    if (info.isDirectory) out.push(...await listNotebooks(full));
    else if (full.endsWith(".ipynb")) out.push(full);
    else throw new Error(`${p}: not a notebook (.ipynb)`);
  }
  return out;
}

/** The notebooks of the given sections, in site order. */
export async function sectionNotebooks(sections: Section[]): Promise<string[]> {
  const all: string[] = [];
  for (const s of sections) all.push(...await listNotebooks(NOTEBOOK_DIRS[s]));
  return all;
}

/**
 * Executes `notebooks`, printing one line per notebook and a paragraph per
 * failure. Returns the results.
 */
export async function runNotebooks(
  notebooks: string[],
  options: RunOptions = {},
): Promise<NotebookResult[]> {
  const log = options.log ?? console.log;
  const quick = Deno.env.get("CNN_QUICK");
  log(
    `Executing ${notebooks.length} notebook(s) on the Deno kernel${
      quick === "1" || quick?.toLowerCase() === "true"
        ? " in quick mode (CNN_QUICK=1)"
        : ""
    }…`,
  );
  const results = await executeNotebooks(notebooks, {
    timeoutS: options.timeoutS,
    onEvent: (e) => {
      if (e.event !== "notebook") return;
      const mark = e.ok ? "ok  " : "FAIL";
      log(`  ${mark} ${relative(ROOT, e.source)} (${e.seconds.toFixed(1)} s)`);
    },
  });
  const failed = results.filter((r) => !r.ok);
  for (const r of failed) log(`\n${describeFailure(r)}`);
  log(
    `\n${
      results.length - failed.length
    } notebook(s) passed, ${failed.length} failed; executed copies in ${
      relative(ROOT, resolve(ROOT, "build/executed"))
    }/`,
  );
  return results;
}

function parseArgs(args: string[]): {
  all: boolean;
  timeoutS?: number;
  paths: string[];
} {
  let all = false;
  let timeoutS: number | undefined;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--all") all = true;
    else if (a === "--timeout") {
      timeoutS = Number(args[++i]);
      if (!(timeoutS > 0)) {
        throw new Error(
          "--timeout needs a number of seconds, e.g. --timeout 600",
        );
      }
    } else if (a.startsWith("-")) {
      throw new Error(
        `unknown option ${a}; use --all, --timeout SECONDS, or notebook paths`,
      );
    } else paths.push(a);
  }
  return { all, timeoutS, paths };
}

async function main(): Promise<number> {
  const { all, timeoutS, paths } = parseArgs(Deno.args);
  const notebooks = paths.length > 0
    ? await expandPaths(paths)
    : await sectionNotebooks(
      all ? ["curso", "ejercicios", "soluciones"] : ["curso"],
    );
  if (notebooks.length === 0) {
    console.log("No notebooks to execute (notebooks/ has no .ipynb files).");
    return 0;
  }
  const results = await runNotebooks(notebooks, { timeoutS });
  return results.every((r) => r.ok) ? 0 : 1;
}

if (import.meta.main) await runCli(main);
