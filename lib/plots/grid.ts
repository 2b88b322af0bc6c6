/**
 * A grid of small heatmaps with a title above each one: the shared layout of
 * the digit grid, the misclassified gallery, the filters and the feature maps.
 *
 * @module
 */
import { VIRIDIS } from "./colormap.ts";
import { type PlotlyFigure, type PlotlyTrace, round6 } from "./figure.ts";
import type { Image2D } from "./inputs.ts";
import { gridPng } from "./raster/pictures.ts";

/** One panel of the grid. */
export interface GridCell {
  /** The picture. */
  image: Image2D;
  /** Text above it, e.g. `"true 3 / pred 5"`. */
  title: string;
}

/** Layout options of {@link imageGrid}. */
export interface GridOptions {
  /** Panels per row (default: up to 8, as square as possible). */
  cols?: number;
  /** Title of the whole figure. */
  title?: string;
  /** Panel size in pixels (default 90). */
  cellSize?: number;
}

/** Image rows as nested arrays for plotly's `z`. */
export function imageRows(image: Image2D): number[][] {
  return Array.from(
    { length: image.height },
    (_, y) =>
      Array.from(
        image.data.subarray(y * image.width, (y + 1) * image.width),
        round6,
      ),
  );
}

/** Default panels per row: as square as possible, at most 8. */
export function defaultCols(count: number): number {
  return Math.max(1, Math.min(8, Math.ceil(Math.sqrt(count))));
}

const TITLE_PX = 18;

/**
 * The plotly figure and PNG mosaic of `cells`, each a viridis heatmap on its
 * own axes (autoscaled separately, y pointing down as in matplotlib's imshow).
 */
export function imageGrid(
  cells: GridCell[],
  options: GridOptions = {},
): { figure: PlotlyFigure; png: Uint8Array } {
  if (cells.length === 0) {
    throw new RangeError("imageGrid needs at least one image.");
  }
  const cols = Math.max(
    1,
    Math.min(options.cols ?? defaultCols(cells.length), cells.length),
  );
  const rows = Math.ceil(cells.length / cols);
  const cell = options.cellSize ?? 90;
  const top = options.title ? 50 : 20;
  const margin = { l: 10, r: 10, t: top, b: 10 };
  const plotW = cols * cell;
  const plotH = rows * (cell + TITLE_PX);
  const data: PlotlyTrace[] = [];
  const annotations: Record<string, unknown>[] = [];
  const layout: Record<string, unknown> = {
    width: plotW + margin.l + margin.r,
    height: plotH + margin.t + margin.b,
    margin,
    showlegend: false,
    annotations,
  };
  if (options.title) layout.title = { text: options.title };
  const padX = 0.04 / cols;
  const titleFrac = TITLE_PX / plotH;
  cells.forEach((c, k) => {
    const r = Math.floor(k / cols);
    const col = k % cols;
    const suffix = k === 0 ? "" : String(k + 1);
    const x0 = col / cols + padX;
    const x1 = (col + 1) / cols - padX;
    const yTop = 1 - r / rows - titleFrac;
    const yBottom = 1 - (r + 1) / rows + 0.02 / rows;
    data.push({
      type: "heatmap",
      z: imageRows(c.image),
      colorscale: VIRIDIS,
      showscale: false,
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
      name: c.title,
      hovertemplate:
        "x: %{x}<br>y: %{y}<br>value: %{z}<extra>%{fullData.name}</extra>",
    });
    const hidden = {
      showticklabels: false,
      ticks: "",
      showgrid: false,
      zeroline: false,
    };
    layout[`xaxis${suffix}`] = {
      ...hidden,
      domain: [x0, x1],
      anchor: `y${suffix}`,
      constrain: "domain",
    };
    layout[`yaxis${suffix}`] = {
      ...hidden,
      domain: [yBottom, yTop],
      anchor: `x${suffix}`,
      autorange: "reversed",
      scaleanchor: `x${suffix}`,
      constrain: "domain",
    };
    annotations.push({
      text: c.title,
      x: (x0 + x1) / 2,
      y: yTop,
      xref: "paper",
      yref: "paper",
      xanchor: "center",
      yanchor: "bottom",
      showarrow: false,
      font: { size: 12 },
    });
  });
  const png = gridPng(cells, {
    cols,
    cell,
    titleBand: TITLE_PX,
    title: options.title,
  });
  return { figure: { data, layout }, png };
}
