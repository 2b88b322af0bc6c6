/**
 * A plain-text box table laid out the way Python's `rich` renders the table
 * of Keras 3's `model.summary()` (HEAVY_HEAD box, one-space cell padding,
 * lines between rows, word wrapping with `…` for over-long words), so our
 * summaries match Keras character for character.
 *
 * @module
 */

/** Horizontal alignment of a column. */
export type Justify = "left" | "right";

/** Python's `round()`: halves go to the even neighbour. */
export function pyRound(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff === 0.5) return f % 2 === 0 ? f : f + 1;
  return Math.round(x);
}

/** rich's `ratio_reduce`: shrink `values` by `total` in proportion to `ratios`. */
function ratioReduce(
  total: number,
  ratios: number[],
  maximums: number[],
  values: number[],
): number[] {
  const r = ratios.map((ratio, i) => (maximums[i] ? ratio : 0));
  let totalRatio = r.reduce((a, b) => a + b, 0);
  if (!totalRatio) return [...values];
  let remaining = total;
  return values.map((value, i) => {
    if (r[i] && totalRatio > 0) {
      const distributed = Math.min(
        maximums[i],
        pyRound((r[i] * remaining) / totalRatio),
      );
      remaining -= distributed;
      totalRatio -= r[i];
      return value - distributed;
    }
    return value;
  });
}

/** rich's `ratio_distribute`: share `total` out in proportion to `ratios`. */
function ratioDistribute(total: number, ratios: number[]): number[] {
  let totalRatio = ratios.reduce((a, b) => a + b, 0);
  let remaining = total;
  return ratios.map((ratio) => {
    const d = totalRatio > 0
      ? Math.ceil((ratio * remaining) / totalRatio)
      : remaining;
    totalRatio -= ratio;
    remaining -= d;
    return d;
  });
}

/**
 * Final cell widths (padding included) of a rich table with fixed column
 * widths squeezed or stretched to `tableWidth` (borders included).
 */
export function fitColumnWidths(
  columnWidths: number[],
  tableWidth: number,
): number[] {
  const n = columnWidths.length;
  const maxWidth = tableWidth - (2 + (n - 1));
  let widths = columnWidths.map((w) => Math.min(w + 2, maxWidth));
  let total = widths.reduce((a, b) => a + b, 0);
  if (total > maxWidth) {
    widths = ratioReduce(total - maxWidth, widths.map(() => 1), widths, widths);
    total = widths.reduce((a, b) => a + b, 0);
  }
  if (total < maxWidth) {
    const pad = ratioDistribute(maxWidth - total, widths);
    widths = widths.map((w, i) => w + pad[i]);
  }
  return widths;
}

/** rich's `divide_line` without folding: offsets where wrapped lines start. */
function divideLine(text: string, width: number): number[] {
  const divides: number[] = [];
  let position = 0;
  for (const m of text.matchAll(/\s*\S+\s*/g)) {
    const start = m.index ?? 0;
    const word = m[0];
    const wordLength = word.trimEnd().length;
    if (position + wordLength > width) {
      if (wordLength > width) {
        if (start) divides.push(start);
        position = word.length;
      } else if (position && start) {
        divides.push(start);
        position = word.length;
      }
    } else {
      position += word.length;
    }
  }
  return divides;
}

function truncate(line: string, width: number): string {
  return line.length > width ? line.slice(0, width - 1) + "…" : line;
}

/** Wraps and aligns one cell's text to exactly `width` characters per line. */
export function wrapCell(
  text: string,
  width: number,
  justify: Justify,
): string[] {
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    const offsets = [0, ...divideLine(paragraph, width), paragraph.length];
    for (let i = 0; i + 1 < offsets.length; i++) {
      let line = paragraph.slice(offsets[i], offsets[i + 1]);
      if (line.length > width) {
        const ws = line.length - line.trimEnd().length;
        line = line.slice(0, line.length - Math.min(ws, line.length - width));
      }
      if (justify === "right") {
        line = truncate(line.trimEnd(), width);
        line = " ".repeat(width - line.length) + line;
      } else {
        line = truncate(line, width);
        line = line + " ".repeat(width - line.length);
      }
      out.push(line);
    }
  }
  return out;
}

/** A table to render: headers, alignments, column widths and rows of cell text. */
export interface TableSpec {
  /** Column titles. */
  header: string[];
  /** Alignment per column (headers use it too). */
  justify: Justify[];
  /** Requested content widths per column (rich `Column(width=…)`). */
  columnWidths: number[];
  /** Total width of the table, borders included. */
  tableWidth: number;
  /** Cell texts. */
  rows: string[][];
}

function renderRow(
  cells: string[],
  widths: number[],
  justify: Justify[],
  bar: string,
): string[] {
  const wrapped = cells.map((c, i) => wrapCell(c, widths[i] - 2, justify[i]));
  const height = Math.max(...wrapped.map((w) => w.length));
  const lines: string[] = [];
  for (let r = 0; r < height; r++) {
    const parts = wrapped.map((w, i) =>
      ` ${w[r] ?? " ".repeat(widths[i] - 2)} `
    );
    lines.push(bar + parts.join(bar) + bar);
  }
  return lines;
}

/** Renders the table with rich's HEAVY_HEAD box and `show_lines=True`. */
export function renderTable(spec: TableSpec): string[] {
  const widths = fitColumnWidths(spec.columnWidths, spec.tableWidth);
  const rule = (l: string, fill: string, mid: string, r: string) =>
    l + widths.map((w) => fill.repeat(w)).join(mid) + r;
  const lines = [rule("┏", "━", "┳", "┓")];
  lines.push(...renderRow(spec.header, widths, spec.justify, "┃"));
  spec.rows.forEach((row, i) => {
    lines.push(i === 0 ? rule("┡", "━", "╇", "┩") : rule("├", "─", "┼", "┤"));
    lines.push(...renderRow(row, widths, spec.justify, "│"));
  });
  lines.push(rule("└", "─", "┴", "┘"));
  return lines;
}
