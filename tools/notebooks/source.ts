/**
 * The percent-format notebook source that `tools/notebooks/build.ts` builds
 * from, and its parser: every cell starts with a marker line, markdown cells
 * are written as `//` comments.
 *
 * ```ts
 * // %% [markdown] id="titulo"
 * // # 1. LeNet
 *
 * // %% id="modelo" shows="display"
 * const lenet = new Sequential({ name: "LeNet-5" });
 * ```
 *
 * Exercise sources (`notebooks/src/ejercicios/`) build two notebooks, the
 * student's and the solution, so they may also hold what only the solution
 * gets, the way nbgrader marks it:
 *
 * - a solution region inside a code cell: the lines between
 *   `// ### BEGIN SOLUTION` and `// ### END SOLUTION`; optionally followed,
 *   before the END, by `// ### STUB` and the student's version written as
 *   `//` comments (see `tools/notebooks/solution_regions.ts`);
 * - a solution cell: `solution` at the end of its marker
 *   (`// %% id="x" shows="display" solution`).
 *
 * The parser checks the regions' structure here, where it knows the lines,
 * so a malformed one fails naming the file and line; the cells keep the
 * marker lines in their text for the variants to resolve.
 *
 * @module
 */

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
   * `tools/notebooks/cell_expectations.ts`. Absent: the cell shows nothing. Not part of
   * the notebook: only the UI and executed-copy checks read it.
   */
  shows?: string;
  /** Only the solution notebook gets this cell (marker ends in `solution`). */
  solution?: true;
}

/** Options of {@link parseSource}. */
export interface ParseOptions {
  /**
   * The source builds an exercise and its solution, so solution regions and
   * solution cells are allowed. Elsewhere (chapters) they are an error.
   */
  exercise?: boolean;
}

const MARKER =
  /^\/\/ %%( \[markdown\])?(?: id="([^"]*)")?(?: shows="([^"]*)")?( solution)?\s*$/;
const VALID_ID = /^[a-zA-Z0-9_-]{1,64}$/;

/** The three lines of a solution region, exactly as written. */
export const REGION = {
  begin: "// ### BEGIN SOLUTION",
  stub: "// ### STUB",
  end: "// ### END SOLUTION",
} as const;

/** Which region marker `line` is (indentation allowed), if any. */
export function regionMarker(
  line: string,
): keyof typeof REGION | undefined {
  const t = line.trim();
  if (t === REGION.begin) return "begin";
  if (t === REGION.stub) return "stub";
  if (t === REGION.end) return "end";
  return undefined;
}

/** A line that looks like a region marker but is not one of the three. */
const NEAR_MARKER = /^\s*\/\/\s*#{2,}\s*(BEGIN|END|STUB)\b/;

const WHERE_REGIONS = "notebooks/src/ejercicios/";

/** Tracks the open solution region of one cell while its lines are read. */
class RegionState {
  /** Line (1-based) of the open BEGIN, or 0. */
  begin = 0;
  /** Line of the open region's STUB, or 0. */
  stub = 0;

  constructor(private readonly file: string) {}

  /** Checks one code line; throws naming `file:line` if it breaks a region. */
  line(text: string, n: number): void {
    const where = `${this.file}:${n}`;
    const marker = regionMarker(text);
    if (!marker) {
      if (NEAR_MARKER.test(text)) {
        throw new Error(
          `${where}: ${
            JSON.stringify(text.trim())
          } is not a solution marker; write "${REGION.begin}", "${REGION.stub}" or "${REGION.end}" exactly.`,
        );
      }
      if (this.stub && !/^\s*\/\/( |$)/.test(text)) {
        throw new Error(
          `${where}: after "${REGION.stub}" (line ${this.stub}) every line up to "${REGION.end}" is the student's code written as a // comment; got ${
            JSON.stringify(text)
          } (is the END missing?).`,
        );
      }
      return;
    }
    if (marker === "begin") {
      if (this.begin) {
        throw new Error(
          `${where}: "${REGION.begin}" inside the region opened at line ${this.begin}; close it first with "${REGION.end}".`,
        );
      }
      this.begin = n;
    } else if (marker === "stub") {
      if (!this.begin) {
        throw new Error(
          `${where}: "${REGION.stub}" outside a solution region; it goes between "${REGION.begin}" and "${REGION.end}".`,
        );
      }
      if (this.stub) {
        throw new Error(
          `${where}: second "${REGION.stub}" in the region opened at line ${this.begin}.`,
        );
      }
      this.stub = n;
    } else {
      if (!this.begin) {
        throw new Error(
          `${where}: "${REGION.end}" without a "${REGION.begin}" before it in this cell.`,
        );
      }
      this.begin = 0;
      this.stub = 0;
    }
  }

  /** Throws if a region is still open where its cell ends. */
  close(cellId: string): void {
    if (this.begin) {
      throw new Error(
        `${this.file}:${this.begin}: "${REGION.begin}" is not closed: cell "${cellId}" ends before its "${REGION.end}".`,
      );
    }
  }
}

/**
 * Parses a percent-format source into cells.
 *
 * @throws Error naming the file and line when a marker lacks an id, an id is
 * repeated or malformed, text precedes the first marker, a markdown line is
 * not a `//` comment, or a solution region is malformed (unclosed BEGIN, END
 * or STUB without BEGIN, a region in a markdown cell or in a solution cell,
 * regions or solution cells outside an exercise source).
 */
export function parseSource(
  source: string,
  file = "<source>",
  options: ParseOptions = {},
): SourceCell[] {
  const lines = source.replace(/\r\n/g, "\n").split("\n");
  const cells: SourceCell[] = [];
  const seen = new Set<string>();
  let current:
    | (Omit<SourceCell, "text"> & { lines: string[]; regions: RegionState })
    | null = null;
  const flush = () => {
    if (!current) return;
    current.regions.close(current.id);
    const body = trimBlankLines(current.lines);
    if (body.length === 0) {
      throw new Error(`${file}: cell "${current.id}" is empty.`);
    }
    cells.push({
      kind: current.kind,
      id: current.id,
      text: body.join("\n"),
      ...(current.shows !== undefined ? { shows: current.shows } : {}),
      ...(current.solution ? { solution: true as const } : {}),
    });
  };
  const onlyInExercises = (where: string, what: string) => {
    if (!options.exercise) {
      throw new Error(
        `${where}: ${what} belongs in exercise sources (${WHERE_REGIONS}), which build an exercise and its solution.`,
      );
    }
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
      if (m[4]) onlyInExercises(where, "a solution cell");
      current = {
        kind: m[1] ? "markdown" : "code",
        id,
        lines: [],
        regions: new RegionState(file),
        ...(m[3] !== undefined ? { shows: m[3] } : {}),
        ...(m[4] ? { solution: true as const } : {}),
      };
      return;
    }
    if (!current) {
      if (line.trim() !== "") {
        throw new Error(`${where}: text before the first // %% cell marker.`);
      }
      return;
    }
    if (regionMarker(line) || NEAR_MARKER.test(line)) {
      if (current.kind === "markdown") {
        throw new Error(
          `${where}: solution region in markdown cell "${current.id}"; regions go in code cells — for prose only the solution shows, write a markdown cell marked solution (// %% [markdown] id="…" solution).`,
        );
      }
      onlyInExercises(where, "a solution region");
      if (current.solution) {
        throw new Error(
          `${where}: solution region in cell "${current.id}", which is already a solution cell; drop the region's markers.`,
        );
      }
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
      current.regions.line(line, i + 1);
      current.lines.push(line);
    }
  });
  flush();
  if (cells.length === 0) throw new Error(`${file}: no cells.`);
  return cells;
}

/** `lines` without the blank lines at either end. */
export function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].trim() === "") start++;
  while (end > start && lines[end - 1].trim() === "") end--;
  return lines.slice(start, end);
}
