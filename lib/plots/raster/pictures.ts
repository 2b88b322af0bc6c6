/**
 * PNG previews of the picture figures: `imshow` (one image with axes and its
 * title), image grids (a title above each tile), the confusion matrix (axis
 * titles, class labels, a number in every cell, a colour bar) and a message
 * figure. Each PNG has the plotly figure's size, so the HTML container that
 * holds it keeps its place when plotly.js replaces it.
 *
 * @module
 */
import { finiteRange, viridis, viridisRgb } from "../colormap.ts";
import type { Image2D } from "../inputs.ts";
import { drawAxes, niceTicks, type Rect, tickLabel } from "./axes.ts";
import { Canvas, INK, type Rgb } from "./canvas.ts";
import { fitText, fittingScale, lineHeight, TEXT_SCALE } from "./font.ts";

/** Paints `im` with viridis over its own range, each pixel a `scale`-sized block. */
function paintImage(c: Canvas, im: Image2D, x: number, y: number, s: number) {
  const [min, max] = finiteRange(im.data);
  c.pixels(
    x,
    y,
    im.width,
    im.height,
    s,
    (col, row) => viridisRgb(im.data[row * im.width + col], min, max),
  );
}

/** Draws a figure title centred in the band above `top`. */
function drawTitle(c: Canvas, title: string, top: number) {
  const s = fittingScale(title, c.width - 20);
  c.text(fitText(title, c.width - 20, s), c.width / 2, top / 2, {
    scale: s,
    align: "center",
    baseline: "middle",
    bold: true,
  });
}

/** Tick positions every 1, 2, 5, 10… pixels of an image axis of `n` pixels. */
function pixelTicks(n: number): number[] {
  return niceTicks(0, n - 1, 5).filter((t) => Number.isInteger(t) && t >= 0);
}

/** Options of {@link imshowPng}. */
export interface ImshowPngOptions {
  /** Figure width and height in pixels. */
  size: number;
  /** Title above the image. */
  title?: string;
}

/**
 * `imshow`'s PNG: the image as large as a whole-pixel factor allows in the
 * plotting area, with outside ticks at pixel indices (row 0 at the top) and
 * the title above it.
 */
export function imshowPng(im: Image2D, o: ImshowPngOptions): Uint8Array {
  const c = new Canvas(o.size, o.size);
  const top = o.title ? 50 : 20;
  const [l, r, b] = [50, 20, 40];
  const room = Math.min(o.size - l - r, o.size - top - b);
  const s = Math.max(1, Math.floor(room / Math.max(im.width, im.height)));
  const [w, h] = [im.width * s, im.height * s];
  const x0 = l + Math.floor((o.size - l - r - w) / 2);
  const y0 = top + Math.floor((o.size - top - b - h) / 2);
  drawAxes(c, { x: x0, y: y0, w, h }, {
    xRange: [-0.5, im.width - 0.5],
    yRange: [-0.5, im.height - 0.5],
    xTicks: pixelTicks(im.width),
    yTicks: pixelTicks(im.height),
    yDown: true,
    scale: s >= 4 ? TEXT_SCALE : 1,
  });
  paintImage(c, im, x0, y0, s);
  if (o.title) drawTitle(c, o.title, top);
  return c.toPng();
}

/** Layout of {@link gridPng}, matching the plotly grid's. */
export interface GridPngLayout {
  /** Tiles per row. */
  cols: number;
  /** Tile size in pixels (the plotly figure's `cellSize`). */
  cell: number;
  /** Height of the band above each tile that holds its title. */
  titleBand: number;
  /** Figure title (the band above the grid is 50 px with one, 20 without). */
  title?: string;
}

/** One tile of {@link gridPng}. */
export interface GridPngCell {
  /** The picture. */
  image: Image2D;
  /** Its title, e.g. `"true 3 / pred 5"`. */
  title: string;
}

/** The pixel size of a {@link gridPng} of `count` tiles: the plotly figure's width and height. */
export function gridSize(count: number, o: GridPngLayout): [number, number] {
  const rows = Math.ceil(count / o.cols);
  const top = o.title ? 50 : 20;
  return [o.cols * o.cell + 20, rows * (o.cell + o.titleBand) + top + 10];
}

/**
 * A grid of viridis tiles, each autoscaled to its own range and enlarged by a
 * whole factor, its title centred above it (shrunk, then cut with "…", when
 * the tile is too narrow), and the figure's title on top.
 */
export function gridPng(cells: GridPngCell[], o: GridPngLayout): Uint8Array {
  const [width, height] = gridSize(cells.length, o);
  const c = new Canvas(width, height);
  const top = o.title ? 50 : 20;
  const pad = 3; // 84 px images in 90 px tiles: 84 + 18 + 4 ≤ 90 + 18
  for (const [k, cell] of cells.entries()) {
    const x = 10 + (k % o.cols) * o.cell;
    const y = top + Math.floor(k / o.cols) * (o.cell + o.titleBand);
    const im = cell.image;
    // The title's capitals fill the band; its descenders and a gap take
    // 4 px of the tile, which the image leaves free.
    const room = o.cell - 2 * pad;
    const s = Math.max(1, Math.floor(room / Math.max(im.width, im.height)));
    const ix = x + Math.floor((o.cell - im.width * s) / 2);
    const iy = y + o.titleBand + 4;
    paintImage(c, im, ix, iy, s);
    const ts = fittingScale(cell.title, o.cell - 4);
    // Its descenders end 2 px above the image, whatever the scale.
    c.text(
      fitText(cell.title, o.cell - 4, ts),
      x + o.cell / 2,
      iy - 2 - lineHeight(ts),
      { scale: ts, align: "center" },
    );
  }
  if (o.title) drawTitle(c, o.title, top);
  return c.toPng();
}

/** What {@link confusionPng} draws. */
export interface ConfusionPngInput {
  /** `counts[true][predicted]`. */
  counts: number[][];
  /** Class names, also the tick labels. */
  names: string[];
  /** Side of one cell in pixels (the plotly figure's). */
  cell: number;
  /** Figure title. */
  title?: string;
}

/**
 * The confusion matrix as scikit-learn's `ConfusionMatrixDisplay` draws it:
 * viridis cells with their counts (bright text on dark cells, dark on
 * bright), predicted classes along x, true classes down y, both axis titles,
 * and a colour bar with its scale.
 */
export function confusionPng(o: ConfusionPngInput): Uint8Array {
  const k = o.counts.length;
  const width = k * o.cell + 170;
  const height = k * o.cell + 130;
  const c = new Canvas(width, height);
  const top = o.title ? 50 : 20;
  const side = k * o.cell;
  const plot: Rect = { x: 76, y: top, w: side, h: side };
  const flat = o.counts.flat();
  const [min, max] = finiteRange(flat);
  const centres = o.names.map((_, i) => i);
  const labelScale = Math.min(
    ...o.names.map((n) => fittingScale(n, o.cell - 2)),
  );
  drawAxes(c, plot, {
    xRange: [-0.5, k - 0.5],
    yRange: [-0.5, k - 0.5],
    xTicks: centres,
    yTicks: centres,
    xLabels: o.names,
    yLabels: o.names,
    xTitle: "Predicted label",
    yTitle: "True label",
    yDown: true,
    scale: labelScale,
  });
  // Same rule as the plotly figure: dark text above the middle of the range.
  const threshold = (min + max) / 2;
  const numberScale = Math.min(
    ...flat.map((v) => fittingScale(String(v), o.cell - 4)),
  );
  o.counts.forEach((row, i) =>
    row.forEach((v, j) => {
      const x = plot.x + j * o.cell;
      const y = plot.y + i * o.cell;
      c.fillRect(x, y, o.cell, o.cell, viridisRgb(v, min, max));
      const ink: Rgb = v < threshold ? viridis(1) : viridis(0);
      c.text(String(v), x + o.cell / 2, y + o.cell / 2, {
        scale: numberScale,
        color: ink,
        align: "center",
        baseline: "middle",
      });
    })
  );
  drawColorBar(c, { x: plot.x + side + 16, y: plot.y, w: 14, h: side }, [
    min,
    max,
  ]);
  if (o.title) drawTitle(c, o.title, top);
  return c.toPng();
}

/** A vertical viridis bar from `range[0]` (bottom) to `range[1]` (top) with round ticks right of it. */
function drawColorBar(c: Canvas, bar: Rect, range: [number, number]) {
  const [lo, hi] = range;
  for (let y = 0; y < bar.h; y++) {
    const t = bar.h > 1 ? 1 - y / (bar.h - 1) : 0;
    c.fillRect(bar.x, bar.y + y, bar.w, 1, viridis(t));
  }
  const span = hi - lo || 1;
  const s = bar.h >= 150 ? TEXT_SCALE : 1;
  for (const v of niceTicks(lo, hi, 5)) {
    if (v < lo || v > hi) continue;
    const y = Math.round(bar.y + (1 - (v - lo) / span) * (bar.h - 1));
    c.fillRect(bar.x + bar.w, y, 3, 1, INK);
    c.text(tickLabel(v), bar.x + bar.w + 5, y, {
      scale: s,
      baseline: "middle",
    });
  }
}

/** A figure holding one centred line of text (e.g. "No misclassified images"). */
export function messagePng(
  text: string,
  width: number,
  height: number,
): Uint8Array {
  const c = new Canvas(width, height);
  const s = fittingScale(text, width - 20);
  c.text(fitText(text, width - 20, s), width / 2, height / 2, {
    scale: s,
    align: "center",
    baseline: "middle",
  });
  return c.toPng();
}
