/**
 * The two notebooks of one exercise source: the student's (`ejercicio`) and
 * the solution (`solucion`), resolved from the solution regions and solution
 * cells that `tools/notebooks/source.ts` has parsed and checked.
 *
 * A region, inside a code cell:
 *
 * ```ts
 * const respuesta = {
 *   // ### BEGIN SOLUTION
 *   conv: 3 * 3 * 8 * 16 + 16,
 *   // ### STUB
 *   // conv: undefined, // TODO: parámetros de Conv2D(16, 3×3)
 *   // ### END SOLUTION
 * };
 * ```
 *
 * The solution notebook keeps the region's code and drops the markers and the
 * stub. The student notebook gets the stub instead, each line without its
 * `// ` (the indentation before the `//` is kept, and what follows the space
 * is the code's own): the source runs and type-checks the solution, and the
 * stub stays a comment there so the two never clash. A region without
 * `// ### STUB` becomes one line, {@link DEFAULT_STUB}, at the BEGIN's
 * indentation; a STUB followed directly by the END leaves nothing (a line the
 * student must add, such as an import).
 *
 * Solution cells (marker ending in `solution`) only reach the solution
 * notebook, whose title (the first `# ` heading) ends in
 * {@link SOLUTION_TITLE_SUFFIX}.
 *
 * @module
 */
import { regionMarker, type SourceCell, trimBlankLines } from "./source.ts";

/** Which notebook of an exercise: handed out, or the teacher's solution. */
export type Variant = "ejercicio" | "solucion";

/** What the student gets for a region written without `// ### STUB`. */
export const DEFAULT_STUB = "// TU CÓDIGO AQUÍ";

/** Appended to the title (first `# ` heading) of the solution notebook. */
export const SOLUTION_TITLE_SUFFIX = " (solución)";

/** The solution's text of one code cell: region code kept, stubs and markers gone. */
export function solutionText(text: string): string {
  const out: string[] = [];
  let inStub = false;
  for (const line of text.split("\n")) {
    const marker = regionMarker(line);
    if (marker === "stub") inStub = true;
    else if (marker === "end") inStub = false;
    else if (!marker && !inStub) out.push(line);
  }
  return out.join("\n");
}

/** The student's text of one code cell: each region replaced by its stub. */
export function studentText(text: string): string {
  const out: string[] = [];
  let region: { indent: string; stub: string[] | null } | null = null;
  for (const line of text.split("\n")) {
    const marker = regionMarker(line);
    if (marker === "begin") {
      region = { indent: /^\s*/.exec(line)![0], stub: null };
    } else if (marker === "stub" && region) {
      region.stub = [];
    } else if (marker === "end" && region) {
      out.push(...(region.stub ?? [region.indent + DEFAULT_STUB]));
      region = null;
    } else if (!region) {
      out.push(line);
    } else if (region.stub) {
      // "  // code" → "  code"; a bare "//" is a blank line, without the indent.
      const [, indent, code] = /^(\s*)\/\/ ?(.*)$/.exec(line)!;
      region.stub.push(code === "" ? "" : indent + code);
    }
  }
  return out.join("\n");
}

/** Whether a code cell's text has a solution region. */
export function hasRegion(text: string): boolean {
  return text.split("\n").some((l) => regionMarker(l) === "begin");
}

/**
 * The cells of one variant of an exercise source.
 *
 * @throws Error naming `file` when the source has no `# ` title, or a cell is
 * left empty in the student notebook (a region with an empty stub as its
 * only content: mark the cell `solution` instead).
 */
export function variantCells(
  cells: SourceCell[],
  variant: Variant,
  file = "<source>",
): SourceCell[] {
  const titleCell = cells.find((c) =>
    c.kind === "markdown" && c.text.split("\n").some((l) => l.startsWith("# "))
  );
  if (!titleCell) {
    throw new Error(
      `${file}: an exercise source needs a title, a "# " heading in a markdown cell (the solution's ends in "${SOLUTION_TITLE_SUFFIX}").`,
    );
  }
  const kept = variant === "solucion"
    ? cells
    : cells.filter((c) => !c.solution);
  return kept.map((c) => {
    let text = c.text;
    if (c === titleCell && variant === "solucion") {
      const lines = text.split("\n");
      const i = lines.findIndex((l) => l.startsWith("# "));
      lines[i] += SOLUTION_TITLE_SUFFIX;
      text = lines.join("\n");
    } else if (c.kind === "code") {
      const body = trimBlankLines(
        (variant === "solucion" ? solutionText(text) : studentText(text))
          .split("\n"),
      );
      if (body.length === 0) {
        throw new Error(
          `${file}: cell "${c.id}" is empty in the ${
            variant === "solucion" ? "solution" : "student notebook"
          }; give its region a stub, or mark the cell solution (// %% id="${c.id}" solution).`,
        );
      }
      text = body.join("\n");
    }
    const { solution: _solution, ...cell } = c;
    return { ...cell, text };
  });
}
