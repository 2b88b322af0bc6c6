/**
 * Types shared by the figure helpers: the plotly JSON they build and the MIME
 * bundle they return.
 *
 * @module
 */

/** MIME type of plotly figures, rendered natively by VS Code and JupyterLab's plotly extension. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** One plotly trace (`heatmap`, `scatter`, …). */
export interface PlotlyTrace {
  /** The trace type, e.g. `"heatmap"`. */
  type: string;
  /** Any other plotly attribute. */
  [attribute: string]: unknown;
}

/** A plotly figure as `Plotly.newPlot` takes it. */
export interface PlotlyFigure {
  /** The traces. */
  data: PlotlyTrace[];
  /** Layout: title, axes, annotations, size. */
  layout: Record<string, unknown>;
  /** Plot configuration (mode bar, responsiveness). */
  config?: Record<string, unknown>;
}

/**
 * What every figure helper returns: one Jupyter MIME bundle. Inside Jupyter it
 * has already been displayed; evaluating it as a cell's last expression only
 * prints its one-line summary, so the figure does not appear twice.
 */
export interface PlotBundle {
  /** The figure as plotly JSON. */
  [PLOTLY_MIME]: PlotlyFigure;
  /** The PNG, and a script that draws the interactive figure over it (plotly.js from the page or the Jupyter server; no CDN). */
  "text/html": string;
  /** A text rendering for terminals and logs. */
  "text/plain": string;
  /** Base64 PNG of the whole figure (titles, axes, legend) for views without JavaScript (GitHub, untrusted notebooks, VS Code's preview). */
  "image/png": string;
  /** Other MIME types. */
  [mime: string]: unknown;
}

/** Options every figure helper accepts. */
export interface ShowOptions {
  /**
   * Display the figure now. Defaults to `true` inside Jupyter and `false`
   * elsewhere, where the bundle is only returned; `true` outside Jupyter
   * prints its `text/plain`.
   */
  show?: boolean;
}

/** Rounds to 6 significant digits so figure JSON stays small (float32 noise only). */
export function round6(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}
