/**
 * What each code cell must show after Run All in quick mode, declared next to
 * the code in the notebook's source marker and checked against what a cell
 * actually holds — in the Notebook UI (`deno task check:ui`) and in the
 * executed copies (`deno task course`):
 *
 * ```ts
 * // %% id="lenet-entrenar" shows="text figure"
 * // %% id="imagen" shows="value figure[8]"
 * ```
 *
 * Kinds, one word each, in any order:
 * - `text`: stream output (progress lines, `console.log`);
 * - `display`: a display that is not a figure (summary tables, progress,
 *   check results);
 * - `value`: the cell's own value (`Out[n]`, an `execute_result`);
 * - `figure`: a plotly figure; `figure*2` for two, `figure[8]` for one titled
 *   "8".
 *
 * A kind with `?` (`text?`) may be missing: what only a kernel's first run
 * shows, such as the backend line the lib prints when it is first imported
 * (a second Run All in the same kernel imports nothing anew).
 *
 * A code cell without `shows` must show nothing, and no cell may show a kind
 * it does not declare: an output that lands under the wrong cell (the Deno
 * kernel's late outputs, docs/deno_kernel_late_output.md) breaks both its own
 * cell's declaration and its neighbour's.
 *
 * @module
 */

import { targetCells, targetOfNotebook } from "./build.ts";
import type { NotebookOutput } from "./files.ts";

/** The output kinds a declaration names. */
export const OUTPUT_KINDS = ["text", "display", "value", "figure"] as const;

/** One output kind ({@link OUTPUT_KINDS}). */
export type OutputKind = typeof OUTPUT_KINDS[number];

/** What one code cell shows: its kinds, its figure count and figure titles. */
export interface CellShows {
  /** The kinds, sorted, each once (optional ones included). */
  kinds: OutputKind[];
  /** The kinds that may be missing (written with `?`), sorted. */
  optional: OutputKind[];
  /** Plotly figures in the cell. */
  figures: number;
  /** Titles that figures of the cell must carry (a subset of their titles). */
  titles: string[];
}

/** One code cell's declaration. */
export interface CellExpectation {
  /** The cell id (nbformat 4.5, as in the source marker). */
  id: string;
  /** What it must show. */
  shows: CellShows;
}

const TOKEN = /^(text|display|value|figure)(?:\*(\d+))?(?:\[([^\]]*)\])?(\?)?$/;

/**
 * Parses a `shows="…"` attribute (undefined: nothing).
 *
 * @throws Error naming `where` and the token when a word is not a kind, a
 * count or title is given to a kind other than `figure`, or a kind repeats.
 */
export function parseShows(attr: string | undefined, where: string): CellShows {
  const kinds = new Set<OutputKind>();
  const optional = new Set<OutputKind>();
  let figures = 0;
  const titles: string[] = [];
  for (const token of (attr ?? "").split(/\s+/).filter(Boolean)) {
    const m = TOKEN.exec(token);
    if (!m) {
      throw new Error(
        `${where}: "${token}" is not an output kind; write some of ${
          OUTPUT_KINDS.join(", ")
        } (figure*2, figure[title], text? when only a first run shows it).`,
      );
    }
    const kind = m[1] as OutputKind;
    if (kind !== "figure" && (m[2] !== undefined || m[3] !== undefined)) {
      throw new Error(
        `${where}: "${token}": only figure takes a count (*2) or a title ([8]).`,
      );
    }
    if (kinds.has(kind)) {
      throw new Error(
        `${where}: "${kind}" appears twice; write figure*2 for two figures.`,
      );
    }
    kinds.add(kind);
    if (m[4]) {
      if (kind === "figure") {
        throw new Error(
          `${where}: "${token}": figures are never optional; every run draws them.`,
        );
      }
      optional.add(kind);
    }
    if (kind === "figure") {
      figures = m[2] !== undefined ? Number(m[2]) : 1;
      if (figures < 1) {
        throw new Error(`${where}: "${token}": a figure count is 1 or more.`);
      }
      if (m[3] !== undefined) titles.push(m[3]);
    }
  }
  return {
    kinds: [...kinds].sort(),
    optional: [...optional].sort(),
    figures,
    titles,
  };
}

/**
 * The declarations of a notebook's code cells, in order, read from its source
 * (`notebooks/02_lenet.ipynb` ← `notebooks/src/02_lenet.ts`; an exercise's
 * two notebooks ← `notebooks/src/ejercicios/NN.ts`, each with its own cells).
 */
export function cellExpectations(notebookPath: string): CellExpectation[] {
  const target = targetOfNotebook(notebookPath);
  return targetCells(target)
    .filter((c) => c.kind === "code")
    .map((c) => ({
      id: c.id,
      shows: parseShows(c.shows, `${target.source} "${c.id}"`),
    }));
}

/** The MIME type of a plotly figure in a bundle. */
const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** The kind of one saved output (`error` is never declared: it always fails). */
export function outputKind(output: NotebookOutput): OutputKind | "error" {
  switch (output.output_type) {
    case "stream":
      return "text";
    case "execute_result":
      return "value";
    case "error":
      return "error";
    default:
      return output.data && PLOTLY_MIME in output.data ? "figure" : "display";
  }
}

/** The figure title of a saved output, if it is a titled plotly figure. */
export function figureTitle(output: NotebookOutput): string | undefined {
  const fig = output.data?.[PLOTLY_MIME] as
    | { layout?: { title?: string | { text?: string } } }
    | undefined;
  const title = fig?.layout?.title;
  return typeof title === "string" ? title : title?.text;
}

/** What a cell was seen to show (from saved outputs or the UI's output area). */
export interface SeenCell {
  /** Output kinds, with `error` for error outputs, in output order. */
  kinds: string[];
  /** Titles of its figures. */
  titles: string[];
}

/** A cell's saved outputs as a {@link SeenCell}. */
export function seenFromOutputs(outputs: NotebookOutput[]): SeenCell {
  return {
    kinds: outputs.map(outputKind),
    titles: outputs.map(figureTitle).filter((t): t is string => t != null),
  };
}

/**
 * What differs between the declarations and what was seen, one line per
 * cell (empty: every cell shows what it declares and nothing else).
 */
export function cellProblems(
  expected: CellExpectation[],
  seen: SeenCell[],
): string[] {
  if (expected.length !== seen.length) {
    return [
      `${seen.length} code cells seen, ${expected.length} declared in the source`,
    ];
  }
  const out: string[] = [];
  expected.forEach((e, i) => {
    const s = seen[i];
    const got = new Set(s.kinds);
    const figures = s.kinds.filter((k) => k === "figure").length;
    const problems: string[] = [];
    if (got.has("error")) problems.push("an error output");
    const missing = e.shows.kinds.filter((k) =>
      !got.has(k) && !e.shows.optional.includes(k)
    );
    const extra = [...got].filter((k) =>
      k !== "error" && !(e.shows.kinds as string[]).includes(k)
    );
    if (missing.length) problems.push(`no ${missing.join(", ")}`);
    if (extra.length) problems.push(`unexpected ${extra.join(", ")}`);
    if (e.shows.figures && figures !== e.shows.figures) {
      problems.push(`${figures} figures, not ${e.shows.figures}`);
    }
    for (const t of e.shows.titles) {
      if (!s.titles.includes(t)) {
        problems.push(
          `no figure titled ${JSON.stringify(t)} (titles ${
            JSON.stringify(s.titles)
          })`,
        );
      }
    }
    if (problems.length) {
      out.push(`cell ${i + 1} "${e.id}": ${problems.join("; ")}`);
    }
  });
  return out;
}

/** The plotly figures a notebook must draw in all (the sum of its cells'). */
export function expectedFigures(expected: CellExpectation[]): number {
  return expected.reduce((n, e) => n + e.shows.figures, 0);
}
