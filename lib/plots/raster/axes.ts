/**
 * Axes for the PNG previews: "nice" tick values (1, 2, 5 × 10ⁿ, as plotly
 * picks them), tick labels, axis titles, grid lines and the legend row.
 *
 * @module
 */
import { type Canvas, GRID, INK, type Rgb } from "./canvas.ts";
import { lineHeight, textWidth } from "./font.ts";

/** A rectangle in pixels: left, top, width, height. */
export interface Rect {
  /** Left edge. */
  x: number;
  /** Top edge. */
  y: number;
  /** Width. */
  w: number;
  /** Height. */
  h: number;
}

/**
 * About `count` round tick values covering `[min, max]`: steps of 1, 2 or 5
 * times a power of ten, as plotly's automatic ticks are. A flat range is
 * widened so it still gets ticks.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    [min, max] = [min - pad, max + pad];
  }
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  // The step whose tick count comes closest to the one asked for.
  const span = max - min;
  const step = [1, 2, 5, 10].map((f) => f * mag).reduce((best, s) =>
    Math.abs(span / s - count) < Math.abs(span / best - count) ? s : best
  );
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(roundStep(k * step, step));
  return ticks;
}

/** `v` without float noise at the precision `step` implies (0.30000000000000004 → 0.3). */
function roundStep(v: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(v.toFixed(Math.min(20, digits)));
}

/** A tick label as plotly writes it: shortest form, no trailing zeros, exponents for huge or tiny values. */
export function tickLabel(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-4) return v.toExponential(1).replace("e+", "e");
  return String(Number(v.toPrecision(6)));
}

/** A linear map from data `[d0, d1]` to pixels `[p0, p1]`. */
export function linear(
  d0: number,
  d1: number,
  p0: number,
  p1: number,
): (v: number) => number {
  const span = d1 - d0 || 1;
  return (v) => p0 + (v - d0) / span * (p1 - p0);
}

/** The data range of a line chart axis: the values' extent padded by 5 % each side, as plotly does for lines with markers. */
export function paddedRange(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let [min, max] = [Math.min(...finite), Math.max(...finite)];
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    return [min - pad, max + pad];
  }
  const pad = (max - min) * 0.05;
  [min, max] = [min - pad, max + pad];
  return [min, max];
}

/** Options of {@link drawAxes}. */
export interface AxesOptions {
  /** Data range along x. */
  xRange: [number, number];
  /** Data range along y; `yDown` puts its first value at the top (images). */
  yRange: [number, number];
  /** Tick values along x. */
  xTicks: number[];
  /** Tick values along y. */
  yTicks: number[];
  /** Title under the x axis. */
  xTitle?: string;
  /** Title left of the y axis, reading upwards. */
  yTitle?: string;
  /** Draw light grid lines at the ticks (line charts). */
  grid?: boolean;
  /** Font scale (default 1). */
  scale?: number;
  /** The y axis grows downwards (row 0 at the top, as `imshow`). */
  yDown?: boolean;
  /** Labels of the ticks instead of their values (categories). */
  xLabels?: string[];
  /** Labels of the y ticks instead of their values. */
  yLabels?: string[];
}

/** Pixel maps of the axes {@link drawAxes} drew. */
export interface Axes {
  /** Data x → pixel column. */
  x: (v: number) => number;
  /** Data y → pixel row. */
  y: (v: number) => number;
  /** Bottom of the x-axis title, for what goes below it (the legend). */
  bottom: number;
}

/**
 * Draws the plotting area `plot`: grid lines, a frame line on the left and
 * bottom, outside tick marks, tick labels and axis titles. Returns the data
 * → pixel maps so the caller can draw the traces on top.
 */
export function drawAxes(canvas: Canvas, plot: Rect, o: AxesOptions): Axes {
  const s = o.scale ?? 1;
  const x = linear(o.xRange[0], o.xRange[1], plot.x, plot.x + plot.w - 1);
  const y = o.yDown
    ? linear(o.yRange[0], o.yRange[1], plot.y, plot.y + plot.h - 1)
    : linear(o.yRange[0], o.yRange[1], plot.y + plot.h - 1, plot.y);
  const inside = (p: number, lo: number, len: number) =>
    p >= lo - 0.5 && p <= lo + len - 0.5;
  if (o.grid) {
    for (const t of o.xTicks) {
      const px = Math.round(x(t));
      if (inside(px, plot.x, plot.w)) {
        canvas.fillRect(px, plot.y, 1, plot.h, GRID);
      }
    }
    for (const t of o.yTicks) {
      const py = Math.round(y(t));
      if (inside(py, plot.y, plot.h)) {
        canvas.fillRect(plot.x, py, plot.w, 1, GRID);
      }
    }
  }
  const tick = 4 * s;
  const gap = 2 * s;
  const labelH = lineHeight(s);
  o.xTicks.forEach((t, i) => {
    const px = Math.round(x(t));
    if (!inside(px, plot.x, plot.w)) return;
    canvas.fillRect(px, plot.y + plot.h, 1, tick, INK);
    canvas.text(
      o.xLabels?.[i] ?? tickLabel(t),
      px,
      plot.y + plot.h + tick + gap,
      {
        scale: s,
        align: "center",
      },
    );
  });
  let widest = 0;
  o.yTicks.forEach((t, i) => {
    const py = Math.round(y(t));
    if (!inside(py, plot.y, plot.h)) return;
    const label = o.yLabels?.[i] ?? tickLabel(t);
    widest = Math.max(widest, textWidth(label, s));
    canvas.fillRect(plot.x - tick, py, tick, 1, INK);
    canvas.text(label, plot.x - tick - gap, py, {
      scale: s,
      align: "right",
      baseline: "middle",
    });
  });
  // Axis lines (plotly's template has none, but a PNG without them reads as floating dots).
  canvas.fillRect(plot.x - 1, plot.y, 1, plot.h + 1, INK);
  canvas.fillRect(plot.x - 1, plot.y + plot.h, plot.w + 1, 1, INK);
  let bottom = plot.y + plot.h + tick + gap + labelH;
  if (o.xTitle) {
    const top = bottom + 3 * s;
    canvas.text(o.xTitle, plot.x + plot.w / 2, top, {
      scale: s,
      align: "center",
    });
    bottom = top + labelH;
  }
  if (o.yTitle) {
    canvas.text(
      o.yTitle,
      plot.x - tick - gap - widest - 4 * s,
      plot.y + plot.h / 2,
      {
        scale: s,
        align: "center",
        baseline: "bottom",
        vertical: true,
      },
    );
  }
  return { x, y, bottom };
}

/** One legend entry: a trace's name and colour. */
export interface LegendEntry {
  /** The trace name, e.g. `val_loss`. */
  name: string;
  /** Its line colour. */
  color: Rgb;
}

/**
 * A horizontal legend centred on `cx` with its top at `top`: for each entry
 * a short line with a dot (the trace's swatch) and its name, as plotly's
 * `orientation: "h"` legend. Returns the swatch centres (for tests and
 * callers placing other things).
 */
export function drawLegend(
  canvas: Canvas,
  entries: LegendEntry[],
  cx: number,
  top: number,
  scale = 1,
): { x: number; y: number }[] {
  const s = scale;
  const swatch = 16 * s;
  const gap = 4 * s;
  const spacing = 14 * s;
  const widths = entries.map((e) => swatch + gap + textWidth(e.name, s));
  const total = widths.reduce((a, b) => a + b, 0) +
    spacing * Math.max(0, entries.length - 1);
  let x = Math.round(cx - total / 2);
  const mid = top + Math.round(lineHeight(s) * 0.4);
  return entries.map((e, i) => {
    canvas.line(x, mid, x + swatch, mid, e.color, 2 * s);
    canvas.disc(x + swatch / 2, mid, 2.5 * s, e.color);
    canvas.text(e.name, x + swatch + gap, mid, {
      scale: s,
      baseline: "middle",
    });
    const centre = { x: x + swatch / 2, y: mid };
    x += widths[i] + spacing;
    return centre;
  });
}

/** The height a one-row {@link drawLegend} takes at `scale`. */
export function legendHeight(scale = 1): number {
  return lineHeight(scale) + 2 * scale;
}
