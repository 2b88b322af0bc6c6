/**
 * `deno task strip`: removes outputs and execution counts from notebooks and
 * sets the metadata JupyterLab and VS Code need to pick the Deno kernel.
 * Notebooks that are already clean are not rewritten.
 *
 * Usage:
 *   deno task strip                      # every notebook under notebooks/
 *   deno task strip path/to/a.ipynb dir/ # given notebooks / folders
 *
 * @module
 */

import { relative } from "node:path";
import { runCli } from "./jupyter_env.ts";
import {
  type Notebook,
  notebookText,
  readNotebook,
  ROOT,
  writeNotebook,
} from "./files.ts";
import { expandPaths, sectionNotebooks } from "./run.ts";
import { DENO_KERNELSPEC, DENO_LANGUAGE_INFO } from "./metadata.ts";

/** Cell metadata written by executors that must not be committed. */
const RUNTIME_CELL_METADATA = ["execution", "collapsed", "scrolled"];

/** A copy of `nb` without outputs, counts or run metadata, with Deno metadata. */
export function stripNotebook(nb: Notebook): Notebook {
  const cells = nb.cells.map((cell) => {
    const metadata = { ...cell.metadata };
    for (const key of RUNTIME_CELL_METADATA) delete metadata[key];
    if (cell.cell_type !== "code") return { ...cell, metadata };
    return { ...cell, metadata, outputs: [], execution_count: null };
  });
  const languageInfo: Record<string, unknown> = {
    ...(nb.metadata.language_info as Record<string, unknown> | undefined),
    ...DENO_LANGUAGE_INFO,
  };
  // The kernel's TypeScript version changes with every Deno release: not committed.
  delete languageInfo.version;
  return {
    ...nb,
    cells,
    metadata: {
      ...nb.metadata,
      kernelspec: { ...DENO_KERNELSPEC },
      language_info: languageInfo,
    },
  };
}

/** Strips each notebook in place; returns the ones that changed. */
export async function stripNotebooks(paths: string[]): Promise<string[]> {
  const changed: string[] = [];
  for (const path of paths) {
    const text = await Deno.readTextFile(path);
    const stripped = stripNotebook(await readNotebook(path));
    if (notebookText(stripped) !== text) {
      await writeNotebook(path, stripped);
      changed.push(path);
    }
  }
  return changed;
}

async function main(): Promise<number> {
  const paths = Deno.args.length > 0
    ? await expandPaths(Deno.args)
    : await sectionNotebooks(["curso", "ejercicios", "soluciones"]);
  const changed = await stripNotebooks(paths);
  for (const p of changed) console.log(`stripped ${relative(ROOT, p)}`);
  console.log(
    `${changed.length} of ${paths.length} notebook(s) changed.`,
  );
  return 0;
}

if (import.meta.main) await runCli(main);
