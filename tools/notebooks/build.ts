/**
 * Builds the course notebooks from their sources (`deno task
 * notebooks:build`): each chapter from `notebooks/src/NN_name.ts` into
 * `notebooks/NN_name.ipynb`, and each exercise from one source,
 * `notebooks/src/ejercicios/NN_name.ts`, into two notebooks: the student's
 * `notebooks/ejercicios/NN_name.ipynb` and the teacher's
 * `notebooks/soluciones/NN_name.ipynb`. The exercise source is the solution,
 * with its solution regions and solution cells marked the way nbgrader marks
 * them (see `tools/notebooks/solution_regions.ts`), so the two notebooks cannot drift.
 *
 * Sources are TypeScript files in the "percent" format that jupytext also
 * reads (`tools/notebooks/source.ts`). Keeping the code in a real `.ts` file
 * lets `deno fmt`, `deno lint` and `deno check` see the code the notebook
 * runs (for an exercise, its solution; `deno task check:static` checks the
 * student's version as a notebook, with `tools/notebooks/hygiene.ts`), and keeps
 * the committed `.ipynb` free of outputs and execution counts.
 *
 * Usage:
 *   deno task notebooks:build                      # (re)write every notebook
 *   deno task notebooks:build --check              # fail if any is out of date
 *
 * @module
 */
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseSource, type SourceCell } from "./source.ts";
import { variantCells } from "./solution_regions.ts";
import { NBFORMAT, NOTEBOOK_METADATA } from "./metadata.ts";
import { writeTextFileAtomic } from "../../lib/files/mod.ts";

/** Jupyter stores sources as a list of lines, each but the last ending in `\n`. */
function sourceLines(text: string): string[] {
  const lines = text.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l));
}

/** Extra metadata of an exercise notebook (`notebook.metadata.cnn_course`). */
export interface ExerciseMetadata {
  /** The exercise id the grader reads (`notebook.metadata.cnn_course.exercise`). */
  exercise: string;
  /** `"ejercicio"` for the handed-out notebook, `"solucion"` for the teacher's. */
  kind: "ejercicio" | "solucion";
}

/**
 * The grader's marks on an exercise cell: answer cells (ids starting with
 * `respuesta`) and check cells (ids starting with `comprobar`, code only).
 * `tools/grade/` finds a submission's exercise and its answers by them, never
 * by file name.
 */
export function exerciseCellMetadata(
  cell: SourceCell,
): Record<string, unknown> {
  if (cell.kind !== "code") return {};
  if (cell.id.startsWith("respuesta")) {
    return { cnn_course: { role: "answer" }, tags: ["respuesta"] };
  }
  if (cell.id.startsWith("comprobar")) {
    return { cnn_course: { role: "check" }, tags: ["comprobacion"] };
  }
  return {};
}

/**
 * Renders cells as an nbformat 4.5 notebook, byte for byte as Jupyter saves
 * it (sorted keys, one-space indent, final newline), with no outputs and no
 * execution counts. The title is the first markdown heading. With
 * `exercise`, the notebook carries `metadata.cnn_course` and its answer and
 * check cells their marks ({@link exerciseCellMetadata}).
 */
export function renderNotebook(
  cells: SourceCell[],
  exercise?: ExerciseMetadata,
): string {
  const heading = cells
    .filter((c) => c.kind === "markdown")
    .flatMap((c) => c.text.split("\n"))
    .find((l) => l.startsWith("# "));
  const nb = {
    cells: cells.map((c) =>
      c.kind === "markdown"
        ? {
          cell_type: "markdown",
          id: c.id,
          metadata: {},
          source: sourceLines(c.text),
        }
        : {
          cell_type: "code",
          execution_count: null,
          id: c.id,
          metadata: exercise ? exerciseCellMetadata(c) : {},
          outputs: [],
          source: sourceLines(c.text),
        }
    ),
    metadata: {
      ...NOTEBOOK_METADATA,
      ...(exercise ? { cnn_course: exercise } : {}),
      ...(heading ? { title: heading.slice(2).trim() } : {}),
    },
    ...NBFORMAT,
  };
  return JSON.stringify(sortKeys(nb), null, 1) + "\n";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value).sort().map((
        k,
      ) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The repository's `notebooks/` folder. */
export const NOTEBOOKS_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "notebooks",
);

/** The folder of exercise sources under a `notebooks/` folder. */
export function exerciseSourceDir(root = NOTEBOOKS_DIR): string {
  return join(root, "src", "ejercicios");
}

/** The `.ts` files directly in `dir`, sorted by name. */
function tsFiles(dir: string): string[] {
  return [...Deno.readDirSync(dir)]
    .filter((e) => e.isFile && e.name.endsWith(".ts"))
    .map((e) => join(dir, e.name))
    .sort();
}

/** Chapter sources (`notebooks/src/*.ts`), sorted by name. */
export function chapterSources(root = NOTEBOOKS_DIR): string[] {
  return tsFiles(join(root, "src"));
}

/** Exercise sources (`notebooks/src/ejercicios/*.ts`), sorted; none if the folder is absent. */
export function exerciseSources(root = NOTEBOOKS_DIR): string[] {
  try {
    return tsFiles(exerciseSourceDir(root));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
}

/** One notebook the build writes, and what it is built from. */
export interface NotebookTarget {
  /** The percent-format source. */
  source: string;
  /** The `.ipynb` written. */
  notebook: string;
  /** For an exercise source: which of its two notebooks this is. */
  exercise?: ExerciseMetadata;
}

/**
 * Every notebook built under `root`: the chapters, then each exercise's
 * student notebook, then each exercise's solution.
 */
export function notebookTargets(root = NOTEBOOKS_DIR): NotebookTarget[] {
  const exercises = exerciseSources(root);
  const of = (kind: ExerciseMetadata["kind"], folder: string) =>
    exercises.map((source) => ({
      source,
      notebook: join(root, folder, basename(source, ".ts") + ".ipynb"),
      exercise: { exercise: basename(source, ".ts"), kind },
    }));
  return [
    ...chapterSources(root).map((source) => ({
      source,
      notebook: join(root, basename(source, ".ts") + ".ipynb"),
    })),
    ...of("ejercicio", "ejercicios"),
    ...of("solucion", "soluciones"),
  ];
}

/**
 * The target that builds the notebook at `notebookPath`, found by its place:
 * `X/NN.ipynb` from `X/src/NN.ts`, `X/ejercicios/NN.ipynb` and
 * `X/soluciones/NN.ipynb` from `X/src/ejercicios/NN.ts`.
 */
export function targetOfNotebook(notebookPath: string): NotebookTarget {
  const notebook = resolve(notebookPath);
  const name = basename(notebook, ".ipynb");
  const dir = dirname(notebook);
  const folder = basename(dir);
  if (folder === "ejercicios" || folder === "soluciones") {
    const kind = folder === "ejercicios" ? "ejercicio" : "solucion";
    return {
      source: join(exerciseSourceDir(dirname(dir)), `${name}.ts`),
      notebook,
      exercise: { exercise: name, kind },
    };
  }
  return { source: join(dir, "src", `${name}.ts`), notebook };
}

/** The cells of a target's notebook, as built from its source. */
export function targetCells(target: NotebookTarget): SourceCell[] {
  const { source, exercise } = target;
  const cells = parseSource(Deno.readTextFileSync(source), source, {
    exercise: exercise !== undefined,
  });
  return exercise ? variantCells(cells, exercise.kind, source) : cells;
}

/** The notebook text a target's source builds. */
export function buildTarget(target: NotebookTarget): string {
  return renderNotebook(targetCells(target), target.exercise);
}

function readOrUndefined(path: string): string | undefined {
  try {
    return Deno.readTextFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/**
 * Notebooks under `root` that differ from what their sources build, as paths
 * relative to `root` (e.g. `ejercicios/02_convblock.ipynb`).
 */
export function staleNotebooks(root = NOTEBOOKS_DIR): string[] {
  return notebookTargets(root)
    .filter((t) => readOrUndefined(t.notebook) !== buildTarget(t))
    .map((t) => relative(root, t.notebook));
}

/**
 * Notebooks under `root` (chapters, `ejercicios/`, `soluciones/`) that no
 * source builds, e.g. left behind by a renamed exercise, relative to `root`.
 */
export function orphanNotebooks(root = NOTEBOOKS_DIR): string[] {
  const built = new Set(notebookTargets(root).map((t) => t.notebook));
  return ["", "ejercicios", "soluciones"].flatMap((folder) => {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(join(root, folder))];
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return [];
      throw e;
    }
    return entries
      .filter((e) => e.isFile && e.name.endsWith(".ipynb"))
      .map((e) => join(root, folder, e.name))
      .filter((path) => !built.has(path))
      .map((path) => relative(root, path))
      .sort();
  });
}

/**
 * (Re)writes every notebook under `root` whose text differs from what its
 * source builds; returns the paths written. Unchanged notebooks are not
 * touched, so their modification times (which the renderer compares) stay as
 * they are. Every notebook is built before any is written, so a malformed
 * source leaves all of them as they were.
 */
export async function buildAll(root = NOTEBOOKS_DIR): Promise<string[]> {
  const built = notebookTargets(root).map((t) => ({
    path: t.notebook,
    text: buildTarget(t),
  }));
  const written: string[] = [];
  for (const { path, text } of built) {
    if (readOrUndefined(path) === text) continue;
    await Deno.mkdir(dirname(path), { recursive: true });
    await writeTextFileAtomic(path, text);
    written.push(path);
  }
  return written;
}

if (import.meta.main) {
  const unknown = Deno.args.filter((a) => a !== "--check");
  if (unknown.length > 0) {
    console.error(
      `Unknown argument ${
        unknown[0]
      }; use no argument to build every notebook, or --check.`,
    );
    Deno.exit(2);
  }
  try {
    if (Deno.args.includes("--check")) {
      const stale = staleNotebooks();
      const orphans = orphanNotebooks();
      if (stale.length > 0) {
        console.error(
          `Out of date: ${stale.join(", ")}. Run: deno task notebooks:build`,
        );
      }
      if (orphans.length > 0) {
        console.error(
          `No source builds ${
            orphans.join(", ")
          }: delete it, or restore its source in notebooks/src/ (exercises: notebooks/src/ejercicios/).`,
        );
      }
      if (stale.length > 0 || orphans.length > 0) Deno.exit(1);
      console.log(
        "Notebooks are up to date with notebooks/src/ (chapters) and notebooks/src/ejercicios/ (exercises and their solutions).",
      );
    } else {
      for (const path of await buildAll()) console.log(`wrote ${path}`);
    }
  } catch (e) {
    // A malformed source: its message names the file and line.
    console.error(e instanceof Error ? e.message : String(e));
    Deno.exit(1);
  }
}
