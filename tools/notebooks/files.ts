/**
 * Notebook files: the nbformat 4 types the tools use, finding the course's
 * notebooks, and where their executed copies go.
 *
 * @module
 */

import { dirname, join, relative, resolve } from "node:path";

/** One output of a code cell (nbformat 4). */
export interface NotebookOutput {
  output_type: "stream" | "display_data" | "execute_result" | "error";
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  execution_count?: number | null;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** A notebook cell (nbformat 4). */
export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: NotebookOutput[];
  execution_count?: number | null;
  id?: string;
}

/** A notebook (nbformat 4). */
export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** Repository root (the folder holding deno.json). */
export const ROOT = resolve(new URL("../..", import.meta.url).pathname);

/** Where executed copies go, mirroring the paths under the repository. */
export const EXECUTED_DIR = join(ROOT, "build", "executed");

/** Joins a cell's source, which nbformat allows as a string or list of lines. */
export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Reads and minimally validates a notebook file. */
export async function readNotebook(path: string): Promise<Notebook> {
  let nb: Notebook;
  try {
    nb = JSON.parse(await Deno.readTextFile(path)) as Notebook;
  } catch (e) {
    throw new Error(
      `${path}: not a readable notebook (${(e as Error).message})`,
    );
  }
  if (!Array.isArray(nb.cells) || nb.nbformat !== 4) {
    throw new Error(
      `${path}: expected an nbformat 4 notebook with a "cells" list`,
    );
  }
  return nb;
}

/** The `.ipynb` files directly in `dir`, sorted by name (none if `dir` is missing). */
export async function listNotebooks(dir: string): Promise<string[]> {
  const found: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile && entry.name.endsWith(".ipynb")) {
        found.push(join(dir, entry.name));
      }
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  return found.sort();
}

/** The notebook folders, by role. */
export const NOTEBOOK_DIRS = {
  curso: join(ROOT, "notebooks"),
  ejercicios: join(ROOT, "notebooks", "ejercicios"),
  soluciones: join(ROOT, "notebooks", "soluciones"),
} as const;

/** A role of a notebook on the site. */
export type Section = keyof typeof NOTEBOOK_DIRS;

/** Where the executed copy of `source` is written. */
export function executedPath(source: string, root = ROOT): string {
  const rel = relative(root, resolve(source));
  if (rel.startsWith("..")) {
    // Outside the repository (tests' temp notebooks): keep the file name.
    return join(EXECUTED_DIR, "external", rel.replaceAll("../", ""));
  }
  return join(EXECUTED_DIR, rel);
}

/** All text an executed notebook printed or displayed (text/plain), cell by cell. */
export function outputTexts(nb: Notebook): string[] {
  return nb.cells.map((cell) =>
    (cell.outputs ?? []).map(outputText).filter((t) => t !== "").join("")
  );
}

/** Joins nbformat's multiline text (a string or a list of lines). */
export function joinText(v: unknown): string {
  return Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "";
}

/** The readable text of one output: stream text, text/plain, or the error line. */
export function outputText(out: NotebookOutput): string {
  const join = joinText;
  if (out.output_type === "stream") return join(out.text);
  if (out.output_type === "error") return `${out.ename}: ${out.evalue}\n`;
  const plain = join(out.data?.["text/plain"]);
  return plain && !plain.endsWith("\n") ? plain + "\n" : plain;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj).sort().map((k) => [k, sortKeys(obj[k])]),
    );
  }
  return value;
}

/**
 * The text Jupyter itself writes for `nb` (keys sorted, one-space indent,
 * trailing newline), so rewriting an unchanged notebook changes nothing.
 */
export function notebookText(nb: Notebook): string {
  return JSON.stringify(sortKeys(nb), null, 1) + "\n";
}

/** Writes `nb` to `path` atomically (temp file in the same folder + rename). */
export async function writeNotebook(path: string, nb: Notebook): Promise<void> {
  const dir = dirname(resolve(path));
  const tmp = await Deno.makeTempFile({
    dir,
    prefix: ".tmp-",
    suffix: ".ipynb",
  });
  try {
    await Deno.writeTextFile(tmp, notebookText(nb));
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}
