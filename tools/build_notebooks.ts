/**
 * Builds the course notebooks from their sources: the chapters
 * (`notebooks/src/*.ts` → `notebooks/*.ipynb`), the exercises
 * (`notebooks/ejercicios/src/` → `notebooks/ejercicios/`) and their solutions
 * (`notebooks/soluciones/src/` → `notebooks/soluciones/`).
 *
 * A source is a TypeScript file in the "percent" format that jupytext also
 * reads: every cell starts with a marker line, markdown cells are written as
 * `//` comments. Keeping the code in a real `.ts` file lets `deno fmt`,
 * `deno lint` and `deno check` see exactly the code the notebook runs, and
 * keeps the committed `.ipynb` free of outputs and execution counts.
 *
 * ```ts
 * // %% [markdown] id="titulo"
 * // # 1. LeNet
 *
 * // %% id="modelo"
 * const lenet = new Sequential({ name: "LeNet-5" });
 * ```
 *
 * Usage:
 *   deno task notebooks:build                      # (re)write every folder's notebooks
 *   deno task notebooks:build --check              # fail if any is out of date
 *
 * @module
 */
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** One parsed cell of a notebook source. */
export interface SourceCell {
  /** `"markdown"` or `"code"`. */
  kind: "markdown" | "code";
  /** The nbformat 4.5 cell id (letters, digits, `-`, `_`; unique per notebook). */
  id: string;
  /** The cell text, without the marker and without surrounding blank lines. */
  text: string;
  /**
   * What the code cell shows after Run All in quick mode, as written in its
   * marker (`// %% id="x" shows="text figure"`); see
   * `tools/cell_expectations.ts`. Absent: the cell shows nothing. Not part of
   * the notebook: only the UI and executed-copy checks read it.
   */
  shows?: string;
}

const MARKER =
  /^\/\/ %%( \[markdown\])?(?: id="([^"]*)")?(?: shows="([^"]*)")?\s*$/;
const VALID_ID = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Parses a percent-format source into cells.
 *
 * @throws Error naming the file and line when a marker lacks an id, an id is
 * repeated or malformed, text precedes the first marker, or a markdown line is
 * not a `//` comment.
 */
export function parseSource(source: string, file = "<source>"): SourceCell[] {
  const lines = source.replace(/\r\n/g, "\n").split("\n");
  const cells: SourceCell[] = [];
  const seen = new Set<string>();
  let current:
    | { kind: SourceCell["kind"]; id: string; lines: string[]; shows?: string }
    | null = null;
  const flush = () => {
    if (!current) return;
    const body = trimBlankLines(current.lines);
    if (body.length === 0) {
      throw new Error(`${file}: cell "${current.id}" is empty.`);
    }
    cells.push({
      kind: current.kind,
      id: current.id,
      text: body.join("\n"),
      ...(current.shows !== undefined ? { shows: current.shows } : {}),
    });
  };
  lines.forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    const m = MARKER.exec(line);
    if (m) {
      flush();
      const id = m[2];
      if (id === undefined) {
        throw new Error(
          `${where}: cell marker without id; write // %% id="…".`,
        );
      }
      if (!VALID_ID.test(id)) {
        throw new Error(
          `${where}: cell id "${id}" must be 1–64 letters, digits, "-" or "_".`,
        );
      }
      if (seen.has(id)) throw new Error(`${where}: cell id "${id}" repeated.`);
      seen.add(id);
      if (m[1] && m[3] !== undefined) {
        throw new Error(
          `${where}: shows="…" belongs on code cells; markdown cells show no output.`,
        );
      }
      current = {
        kind: m[1] ? "markdown" : "code",
        id,
        lines: [],
        ...(m[3] !== undefined ? { shows: m[3] } : {}),
      };
      return;
    }
    if (!current) {
      if (line.trim() !== "") {
        throw new Error(`${where}: text before the first // %% cell marker.`);
      }
      return;
    }
    if (current.kind === "markdown") {
      if (line === "" || line === "//") current.lines.push("");
      else if (line.startsWith("// ")) current.lines.push(line.slice(3));
      else {
        throw new Error(
          `${where}: markdown lines must start with "// " (got ${
            JSON.stringify(line)
          }).`,
        );
      }
    } else {
      current.lines.push(line);
    }
  });
  flush();
  if (cells.length === 0) throw new Error(`${file}: no cells.`);
  return cells;
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].trim() === "") start++;
  while (end > start && lines[end - 1].trim() === "") end--;
  return lines.slice(start, end);
}

/** Jupyter stores sources as a list of lines, each but the last ending in `\n`. */
function sourceLines(text: string): string[] {
  const lines = text.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l));
}

/** Notebook metadata for the Deno kernel, as JupyterLab and VS Code expect it. */
export const NOTEBOOK_METADATA = {
  kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
  language_info: {
    codemirror_mode: "typescript",
    file_extension: ".ts",
    mimetype: "text/x.typescript",
    name: "typescript",
    nbconvert_exporter: "script",
    pygments_lexer: "typescript",
  },
} as const;

/** Extra metadata of an exercise notebook (see {@link exerciseMetadata}). */
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
    nbformat: 4,
    nbformat_minor: 5,
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
  "notebooks",
);

/** Source files (`notebooks/src/*.ts`), sorted by name. */
export function listSources(dir = NOTEBOOKS_DIR): string[] {
  const src = join(dir, "src");
  return [...Deno.readDirSync(src)]
    .filter((e) => e.isFile && e.name.endsWith(".ts"))
    .map((e) => join(src, e.name))
    .sort();
}

/** The notebook path a source builds: `src/02_lenet.ts` → `02_lenet.ipynb`. */
export function notebookPathFor(
  sourcePath: string,
  dir = NOTEBOOKS_DIR,
): string {
  return join(dir, basename(sourcePath, ".ts") + ".ipynb");
}

/**
 * The exercise metadata of a source under `ejercicios/src/` or
 * `soluciones/src/` (the id is the file name: `02_convblock`); none elsewhere.
 */
export function exerciseMetadataFor(
  sourcePath: string,
): ExerciseMetadata | undefined {
  const folder = basename(dirname(dirname(sourcePath)));
  const kind = folder === "ejercicios"
    ? "ejercicio"
    : folder === "soluciones"
    ? "solucion"
    : undefined;
  return kind ? { exercise: basename(sourcePath, ".ts"), kind } : undefined;
}

/** Builds one source; returns the notebook text. */
export function buildFromFile(sourcePath: string): string {
  return renderNotebook(
    parseSource(Deno.readTextFileSync(sourcePath), sourcePath),
    exerciseMetadataFor(sourcePath),
  );
}

/** Names of notebooks whose committed `.ipynb` differs from its source. */
export function staleNotebooks(dir = NOTEBOOKS_DIR): string[] {
  return listSources(dir).filter((src) => {
    const target = notebookPathFor(src, dir);
    let current: string | undefined;
    try {
      current = Deno.readTextFileSync(target);
    } catch {
      current = undefined;
    }
    return current !== buildFromFile(src);
  }).map((src) => basename(notebookPathFor(src, dir)));
}

/** The folders built from their `src/`: chapters, exercises, solutions. */
export const NOTEBOOK_FOLDERS: readonly string[] = [
  NOTEBOOKS_DIR,
  join(NOTEBOOKS_DIR, "ejercicios"),
  join(NOTEBOOKS_DIR, "soluciones"),
];

/**
 * Notebooks of `dirs` that differ from their sources, as paths relative to
 * `base` (e.g. `ejercicios/02_convblock.ipynb`).
 */
export function staleInFolders(
  dirs: readonly string[] = NOTEBOOK_FOLDERS,
  base = NOTEBOOKS_DIR,
): string[] {
  return dirs.flatMap((dir) =>
    staleNotebooks(dir).map((name) => relative(base, join(dir, name)))
  );
}

/**
 * (Re)writes every notebook of `dirs` whose text differs from what its source
 * builds; returns the paths written. Unchanged notebooks are not touched, so
 * their modification times (which the renderer compares) stay as they are.
 */
export function buildFolders(
  dirs: readonly string[] = NOTEBOOK_FOLDERS,
): string[] {
  const written: string[] = [];
  for (const dir of dirs) {
    for (const src of listSources(dir)) {
      const target = notebookPathFor(src, dir);
      const text = buildFromFile(src);
      let old: string | undefined;
      try {
        old = Deno.readTextFileSync(target);
      } catch {
        old = undefined;
      }
      if (old !== text) {
        writeAtomically(target, text);
        written.push(target);
      }
    }
  }
  return written;
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp-${Deno.pid}`;
  Deno.writeTextFileSync(tmp, text);
  Deno.renameSync(tmp, path);
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
  if (Deno.args.includes("--check")) {
    const stale = staleInFolders();
    if (stale.length > 0) {
      console.error(
        `Out of date: ${stale.join(", ")}. Run: deno task notebooks:build`,
      );
      Deno.exit(1);
    }
    console.log(
      "Notebooks are up to date with notebooks/src/, notebooks/ejercicios/src/ and notebooks/soluciones/src/.",
    );
  } else {
    for (const path of buildFolders()) console.log(`wrote ${path}`);
  }
}
