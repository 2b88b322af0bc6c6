/**
 * The PNG of the training curves (`plots.history`, `plots.liveHistory`):
 * one panel per quantity side by side, lines with a dot per epoch, panel
 * titles, ticks, the `epoch` and quantity axis titles, the figure title and
 * a legend row at the foot, below the axis titles (never over them).
 *
 * @module
 */
import {
  drawAxes,
  drawLegend,
  type LegendEntry,
  legendHeight,
  niceTicks,
  paddedRange,
  tickLabel,
} from "./axes.ts";
import { Canvas, parseColor } from "./canvas.ts";
import {
  fitText,
  fittingScale,
  lineHeight,
  TEXT_SCALE,
  textWidth,
} from "./font.ts";

/** One line of a panel. */
export interface Series {
  /** Legend name, e.g. `val_loss`. */
  name: string;
  /** CSS colour (`#1f77b4`). */
  color: string;
  /** Values per epoch; epoch `i + 1` is `values[i]`. */
  values: readonly number[];
}

/** One panel: a quantity and its training/validation lines. */
export interface Panel {
  /** Panel title and y-axis title, e.g. `loss`. */
  name: string;
  /** Its lines. */
  series: Series[];
}

/** What {@link lineChartPng} draws. */
export interface LineChartInput {
  /** Panels left to right (none: one empty panel, as before the first epoch). */
  panels: Panel[];
  /** Figure width and height (the plotly figure's). */
  width: number;
  /** Figure height. */
  height: number;
  /** Figure title. */
  title?: string;
  /** Title under every x axis (default `epoch`). */
  xTitle?: string;
}

/** Where {@link lineChartLayout} puts things, in pixels: what the tests check. */
export interface LineChartLayout {
  /** Rows of the figure title (top, bottom), if any. */
  titleBand?: [number, number];
  /** Bottom of the lowest x-axis title. */
  axisTitleBottom: number;
  /** Top of the legend row. */
  legendTop: number;
  /** Centres of the legend swatches, in legend order. */
  swatches: { name: string; x: number; y: number }[];
}

/** Epoch ticks: every epoch while they fit, else round steps. */
function epochTicks(epochs: number, room: number, s: number): number[] {
  const every = Array.from({ length: epochs }, (_, i) => i + 1);
  const labelRoom = textWidth(String(epochs), s) + 8 * s;
  if (epochs * labelRoom <= room) return every;
  return niceTicks(1, epochs, Math.max(2, Math.floor(room / labelRoom)))
    .filter((t) => Number.isInteger(t) && t >= 1);
}

/**
 * Draws the line chart; returns the PNG and where its parts went.
 */
export function lineChartPng(
  o: LineChartInput,
): { png: Uint8Array; layout: LineChartLayout } {
  const c = new Canvas(o.width, o.height);
  const s = TEXT_SCALE;
  const line = lineHeight(s);
  const panels = o.panels.length > 0 ? o.panels : [{ name: "", series: [] }];
  const layout: LineChartLayout = {
    axisTitleBottom: 0,
    legendTop: 0,
    swatches: [],
  };
  let top = 14;
  if (o.title) {
    const ts = fittingScale(o.title, o.width - 20);
    const [, y, , h] = c.text(
      fitText(o.title, o.width - 20, ts),
      o.width / 2,
      top,
      { scale: ts, align: "center", bold: true },
    );
    layout.titleBand = [y, y + h];
    top = y + h + 12;
  }
  // Panel titles, then the plotting areas; the foot holds ticks, axis title
  // (~48 px at this scale) and the legend row below them.
  const panelTitleTop = top;
  const plotTop = panelTitleTop + line + 8;
  const legendH = legendHeight(s);
  const foot = 4 * s + 2 * s + line + 3 * s + line + 10 + legendH + 8;
  const plotBottom = o.height - foot;
  const colW = o.width / panels.length;
  const entries: LegendEntry[] = [];
  panels.forEach((p, k) => {
    const values = p.series.flatMap((ser) => [...ser.values]);
    const yRange = paddedRange(values);
    const yTicks = niceTicks(yRange[0], yRange[1], 5);
    const widest = Math.max(
      0,
      ...yTicks.map((t) => textWidth(tickLabel(t), s)),
    );
    const left = Math.round(k * colW + 8 + line + 8 * s + widest + 6);
    const right = Math.round((k + 1) * colW - 16);
    const epochs = Math.max(1, ...p.series.map((ser) => ser.values.length));
    const plot = {
      x: left,
      y: plotTop,
      w: Math.max(10, right - left),
      h: Math.max(10, plotBottom - plotTop),
    };
    const axes = drawAxes(c, plot, {
      xRange: paddedRange([1, epochs]),
      yRange,
      xTicks: epochTicks(epochs, plot.w, s),
      yTicks,
      xTitle: o.xTitle ?? "epoch",
      yTitle: p.name,
      grid: true,
      scale: s,
    });
    layout.axisTitleBottom = Math.max(layout.axisTitleBottom, axes.bottom);
    if (p.name) {
      c.text(
        fitText(p.name, plot.w, s),
        plot.x + plot.w / 2,
        panelTitleTop,
        { scale: s, align: "center" },
      );
    }
    for (const ser of p.series) {
      const color = parseColor(ser.color);
      const pts = ser.values.map((v, i) => [axes.x(i + 1), axes.y(v)]);
      for (let i = 1; i < pts.length; i++) {
        if (!pts.slice(i - 1, i + 1).flat().every(Number.isFinite)) continue;
        c.line(pts[i - 1][0], pts[i - 1][1], pts[i][0], pts[i][1], color, 2);
      }
      for (const [x, y] of pts) {
        if (Number.isFinite(x) && Number.isFinite(y)) c.disc(x, y, 3.5, color);
      }
      entries.push({ name: ser.name, color });
    }
  });
  layout.legendTop = o.height - legendH - 8;
  const centres = drawLegend(c, entries, o.width / 2, layout.legendTop, s);
  layout.swatches = centres.map((p, i) => ({ name: entries[i].name, ...p }));
  return { png: c.toPng(), layout };
}
