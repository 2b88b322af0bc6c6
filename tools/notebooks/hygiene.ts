/**
 * Notebook hygiene, for CI (`deno task check:notebooks [paths…]`):
 *
 * 1. committed notebooks carry no outputs and no execution counts;
 * 2. their metadata names the Deno kernel and TypeScript (JupyterLab and
 *    VS Code pick the kernel from it, `deno fmt` the language);
 * 3. their code, extracted cell after cell into one module per notebook
 *    (`build/nbcheck/<path>.ts`, the way the kernel sees it: one scope, top-level
 *    await), passes `deno check` and `deno lint` — a `const` declared again in
 *    a later cell shows up here as a redeclaration;
 * 4. every code cell is formatted as `deno fmt` would format it.
 *
 * Problems are reported with notebook, cell number (1-based) and line, plus
 * the command that fixes them.
 *
 * @module
 */

import { basename, dirname, join, relative, resolve } from "node:path";
import { runCli } from "./jupyter_env.ts";
import { cellSource, type Notebook, readNotebook, ROOT } from "./files.ts";
import { expandPaths, sectionNotebooks } from "./run.ts";
import { DENO_KERNELSPEC, DENO_LANGUAGE_INFO } from "./metadata.ts";

/** Where extracted modules go. */
export const NBCHECK_DIR = join(ROOT, "build", "nbcheck");

/** Problems with outputs, counts and metadata (fixed by `deno task strip`). */
export function hygieneProblems(nb: Notebook): string[] {
  const problems: string[] = [];
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    if ((cell.outputs ?? []).length > 0) {
      problems.push(`cell ${i + 1} has outputs`);
    }
    if (cell.execution_count !== null && cell.execution_count !== undefined) {
      problems.push(
        `cell ${i + 1} has execution count ${cell.execution_count}`,
      );
    }
  });
  const ks = nb.metadata.kernelspec as Record<string, unknown> | undefined;
  for (const [key, want] of Object.entries(DENO_KERNELSPEC)) {
    if (ks?.[key] !== want) {
      problems.push(
        `metadata.kernelspec.${key} is ${
          JSON.stringify(ks?.[key])
        }, expected "${want}"`,
      );
    }
  }
  const li = nb.metadata.language_info as Record<string, unknown> | undefined;
  const { name, file_extension } = DENO_LANGUAGE_INFO;
  if (li?.name !== name || li?.file_extension !== file_extension) {
    problems.push(
      `metadata.language_info must say name "${name}", file_extension "${file_extension}"`,
    );
  }
  return problems;
}

/** Where each line of an extracted module came from. */
export interface Extracted {
  text: string;
  /** For line n (1-based) of `text`: [cell number (1-based), line in cell], or null. */
  lines: ([number, number] | null)[];
}

const RELATIVE_IMPORT =
  /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']+)(["'])/g;

/**
 * Concatenates the code cells of `nb` into one module, rewriting relative
 * imports so they still resolve from `moduleDir` instead of `notebookDir`.
 */
export function extractModule(
  nb: Notebook,
  notebookDir: string,
  moduleDir: string,
): Extracted {
  const out: string[] = [];
  const lines: ([number, number] | null)[] = [null];
  const push = (line: string, origin: [number, number] | null) => {
    out.push(line);
    lines.push(origin);
  };
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    push(`// cell ${i + 1}`, null);
    cellSource(cell).split("\n").forEach((line, j) => {
      const fixed = line.replace(RELATIVE_IMPORT, (_m, pre, spec, post) => {
        let rel = relative(moduleDir, resolve(notebookDir, spec));
        if (!rel.startsWith(".")) rel = `./${rel}`;
        return `${pre}${rel}${post}`;
      });
      push(fixed, [i + 1, j + 1]);
    });
  });
  // Without an import or export the file is a script, where top-level
  // await and the notebook's shared scope would be judged differently.
  push("export {};", null);
  return { text: out.join("\n") + "\n", lines };
}

/** Runs deno with `args`; returns success and the combined output (no colours). */
async function deno(args: string[]): Promise<[boolean, string]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  return [out.success, text.replace(/\nStack backtrace:[\s\S]*$/, "")];
}

/** Rewrites `file:line:col` of extracted modules to `notebook, cell N, line M`. */
function mapLocations(
  text: string,
  modules: Map<string, { notebook: string; extracted: Extracted }>,
): string {
  let mapped = text;
  for (const [file, { notebook, extracted }] of modules) {
    const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const re = new RegExp(`(?:file://)?${escaped}:(\\d+):(\\d+)`, "g");
    mapped = mapped.replace(re, (_m, line, col) => {
      const origin = extracted.lines[Number(line)];
      return origin
        ? `${notebook}, cell ${origin[0]}, line ${origin[1]}:${col}`
        : `${notebook} (generated line ${line})`;
    });
  }
  return mapped;
}

/** Result of {@link checkNotebooks}. */
export interface CheckReport {
  ok: boolean;
  /** Human-readable problems, each naming notebook and cell. */
  problems: string[];
}

/** Runs all checks on `paths`; never modifies them. */
export async function checkNotebooks(paths: string[]): Promise<CheckReport> {
  await Deno.mkdir(NBCHECK_DIR, { recursive: true });
  // Per call, so concurrent checks (parallel tests) do not clobber each other.
  const fmtDir = await Deno.makeTempDir({ dir: NBCHECK_DIR, prefix: ".fmt-" });
  try {
    return await runChecks(paths, fmtDir);
  } finally {
    await Deno.remove(fmtDir, { recursive: true }).catch(() => {});
  }
}

/** Where the extracted module of the notebook at `path` goes. */
export function extractedPath(path: string): string {
  const rel = relative(ROOT, resolve(path));
  const inside = rel.startsWith("..") ? join("external", basename(rel)) : rel;
  return join(NBCHECK_DIR, inside.replace(/\.ipynb$/, ".ts"));
}

async function runChecks(
  paths: string[],
  fmtDir: string,
): Promise<CheckReport> {
  const problems: string[] = [];
  const modules = new Map<
    string,
    { notebook: string; extracted: Extracted }
  >();
  const cellFiles: { file: string; notebook: string; cell: number }[] = [];

  for (const path of paths) {
    const rel = relative(ROOT, path);
    const nb = await readNotebook(path);
    for (const p of hygieneProblems(nb)) {
      problems.push(`${rel}: ${p} — fix with \`deno task strip ${rel}\``);
    }
    const file = extractedPath(path);
    await Deno.mkdir(dirname(file), { recursive: true });
    const extracted = extractModule(nb, dirname(path), dirname(file));
    await Deno.writeTextFile(file, extracted.text);
    modules.set(file, { notebook: rel, extracted });

    for (const [i, cell] of nb.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const cf = join(fmtDir, `${modules.size}`, `cell-${i + 1}.ts`);
      await Deno.mkdir(dirname(cf), { recursive: true });
      await Deno.writeTextFile(cf, cellSource(cell) + "\n");
      cellFiles.push({ file: cf, notebook: rel, cell: i + 1 });
    }
  }
  if (modules.size === 0) return { ok: problems.length === 0, problems };

  const files = [...modules.keys()];
  const [checked, checkOut] = await deno(["check", ...files]);
  if (!checked) {
    problems.push(`deno check:\n${mapLocations(checkOut.trim(), modules)}`);
  }
  const [linted, lintOut] = await deno(["lint", "--no-config", ...files]);
  if (!linted) {
    problems.push(`deno lint:\n${mapLocations(lintOut.trim(), modules)}`);
  }
  if (cellFiles.length > 0) {
    const [formatted, fmtOut] = await deno([
      "fmt",
      "--check",
      "--no-config",
      ...cellFiles.map((c) => c.file),
    ]);
    if (!formatted) {
      for (const c of cellFiles) {
        if (fmtOut.includes(c.file)) {
          problems.push(
            `${c.notebook}: cell ${c.cell} is not formatted like \`deno fmt\` — fix with \`deno fmt ${c.notebook}\``,
          );
        }
      }
    }
  }
  return { ok: problems.length === 0, problems };
}

async function main(): Promise<number> {
  const paths = Deno.args.length > 0
    ? await expandPaths(Deno.args)
    : await sectionNotebooks(["curso", "ejercicios", "soluciones"]);
  if (paths.length === 0) {
    console.log("No notebooks to check.");
    return 0;
  }
  const report = await checkNotebooks(paths);
  for (const p of report.problems) console.log(p);
  console.log(
    report.ok
      ? `${paths.length} notebook(s) clean: no outputs, Deno metadata, check/lint/fmt pass.`
      : `\n${report.problems.length} problem(s) in ${paths.length} notebook(s).`,
  );
  return report.ok ? 0 : 1;
}

if (import.meta.main) await runCli(main);
