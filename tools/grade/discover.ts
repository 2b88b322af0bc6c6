/**
 * Finding the submissions below a folder and telling, for each, which
 * exercise it is (by `metadata.cnn_course.exercise`, never by file name) and
 * whose (by folder, else a metadata field, else the file name).
 *
 * @module
 */
import { basename, join, relative, resolve, sep } from "node:path";
import type { Notebook } from "../notebooks/files.ts";
import { rubricFor } from "./rubric.ts";

/** A notebook found below the submissions folder. */
export interface Submission {
  /** Absolute path. */
  path: string;
  /** Path relative to the submissions folder (shown in messages). */
  relPath: string;
  /** Student name. */
  student: string;
  /** Exercise id (a key of the rubric). */
  exercise: string;
  /** The notebook as read. */
  notebook: Notebook;
  /** The file's bytes (hashed for the cache). */
  bytes: Uint8Array;
}

/** A notebook that cannot be graded, and why (in Spanish). */
export interface Rejected {
  relPath: string;
  reason: string;
}

// Moodle's "download all submissions" names folders
// "Ana García_123456_assignsubmission_file_"; the student is the first part.
const MOODLE_FOLDER = /^(.*?)_\d+_assign(?:submission|feedback)_[a-z]+_?$/;

/** The student's name from a folder name (Moodle suffixes removed). */
export function studentFromFolder(folder: string): string {
  const m = MOODLE_FOLDER.exec(folder);
  return (m ? m[1] : folder).trim();
}

/**
 * The student of a submission: the first folder below the submissions
 * folder (one folder per student: an LMS download, the class server's home
 * folders); for a file directly in it, `metadata.cnn_course.student`, else
 * the file name without `.ipynb`.
 */
export function studentOf(relPath: string, notebook: Notebook): string {
  const parts = relPath.split(sep).filter((p) => p !== "");
  if (parts.length > 1) return studentFromFolder(parts[0]);
  const meta = notebook.metadata?.cnn_course as
    | Record<string, unknown>
    | undefined;
  const named = meta?.student;
  if (typeof named === "string" && named.trim() !== "") return named.trim();
  return basename(relPath, ".ipynb");
}

/** The exercise id a notebook declares, or undefined. */
export function exerciseOf(notebook: Notebook): string | undefined {
  const meta = notebook.metadata?.cnn_course as
    | Record<string, unknown>
    | undefined;
  return typeof meta?.exercise === "string" ? meta.exercise : undefined;
}

async function* walk(dir: string, skip: string): AsyncGenerator<string> {
  const entries: Deno.DirEntry[] = [];
  for await (const e of Deno.readDir(dir)) entries.push(e);
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const e of entries) {
    const path = join(dir, e.name);
    // Jupyter's autosaves are not submissions; the output folder neither.
    if (e.name === ".ipynb_checkpoints" || path === skip) continue;
    if (e.isDirectory) yield* walk(path, skip);
    else if (e.isFile && e.name.endsWith(".ipynb")) yield path;
  }
}

/**
 * Every `.ipynb` below `root` (except `skip`, the output folder), read and
 * identified; those that cannot be graded come back in `rejected`.
 */
export async function discover(
  root: string,
  skip = "",
): Promise<{ submissions: Submission[]; rejected: Rejected[] }> {
  const base = resolve(root);
  const submissions: Submission[] = [];
  const rejected: Rejected[] = [];
  for await (const path of walk(base, skip ? resolve(skip) : "")) {
    const relPath = relative(base, path);
    const bytes = await Deno.readFile(path);
    let notebook: Notebook;
    try {
      notebook = JSON.parse(new TextDecoder().decode(bytes)) as Notebook;
      if (!Array.isArray(notebook?.cells)) throw new Error("sin celdas");
    } catch (e) {
      rejected.push({
        relPath,
        reason: `no es un cuaderno Jupyter legible (${(e as Error).message})`,
      });
      continue;
    }
    const exercise = exerciseOf(notebook);
    if (exercise === undefined || !rubricFor(exercise)) {
      rejected.push({
        relPath,
        reason: exercise === undefined
          ? "no lleva metadata.cnn_course.exercise: no parte de un cuaderno de notebooks/ejercicios/"
          : `ejercicio desconocido "${exercise}"`,
      });
      continue;
    }
    submissions.push({
      path,
      relPath,
      student: studentOf(relPath, notebook),
      exercise,
      notebook,
      bytes,
    });
  }
  return { submissions, rejected };
}
