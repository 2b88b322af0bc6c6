/**
 * A plotly figure → one MIME bundle (`application/vnd.plotly.v1+json`,
 * `text/html`, `text/plain`, `image/png`); `host/rich_output.ts` shows it.
 *
 * No output carries plotly.js: a saved notebook stays small and nothing a
 * reload loses is needed. The HTML shows the figure's PNG (what untrusted and
 * static views keep once scripts are stripped) and its script draws the
 * interactive figure with the page's `window.Plotly`, or with the copy the
 * Jupyter server serves (`plotly_served.ts`), loaded once per page.
 *
 * @module
 */
import { type MimeBundle, newOutputId } from "../host/display.ts";
import { showBundle, showsAsText } from "../host/rich_output.ts";
import {
  type PlotBundle,
  PLOTLY_MIME,
  type PlotlyFigure,
  type ShowOptions,
} from "./figure.ts";
import { escapeHtml } from "../core/html.ts";
import { toBase64 } from "./png.ts";
import {
  PLOTLY_NOT_SERVED_NOTE,
  PLOTLY_UNAVAILABLE_NOTE,
  SERVED_LOADER_JS,
  servedPlotlyPath,
} from "../host/plotly_served.ts";

/** What a figure helper hands to {@link makeBundle}. */
export interface FigureParts {
  /** The plotly figure; `layout.width`/`layout.height` size the HTML container. */
  figure: PlotlyFigure;
  /** The `text/plain` rendering. */
  text: string;
  /** One line shown when the returned bundle is a cell's last expression. */
  summary: string;
  /** The same figure as a PNG (titles, axes, labels, legend), for views without JavaScript. */
  png: Uint8Array;
}

const DEFAULT_CONFIG = { displaylogo: false, responsive: true };
/** A fresh element id for a figure (see `newOutputId`). */
export function newFigureId(): string {
  return newOutputId("cnn-plot");
}

/** JSON that is safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * The HTML of one figure: a container holding the PNG for viewers without
 * JavaScript (sanitizers keep the `<img>` and drop the script), and a script
 * that replaces it with the interactive figure. Without `window.Plotly` on
 * the page the script loads the copy the Jupyter server serves at
 * `servedPath` (relative to the notebook's folder; see `plotly_served.ts`);
 * where that is impossible the PNG stays, with a Spanish note saying what
 * works.
 */
export function figureHtml(
  figure: PlotlyFigure,
  options: {
    id: string;
    pngBase64: string;
    alt: string;
    servedPath?: string;
  },
): string {
  const width = Number(figure.layout.width) || 640;
  const height = Number(figure.layout.height) || 420;
  const note = (text: string) =>
    scriptJson(`<p class="cnn-plotly-missing">${text}</p>`);
  return `<div id="${options.id}" class="cnn-plotly-figure" style="width:${width}px;max-width:100%;min-height:${height}px;"><img src="data:image/png;base64,${options.pngBase64}" alt="${
    escapeHtml(options.alt)
  }" width="${width}" height="${height}" style="max-width:100%;height:auto"></div>
<script type="text/javascript">
(function () {
  var fig = ${scriptJson(figure)};
  var script = document.currentScript;
  var el = document.getElementById("${options.id}") ||
    (script && script.previousElementSibling);
  ${SERVED_LOADER_JS.replace(/\n/g, "\n  ")}
  function draw() {
    if (!el) return;
    el.innerHTML = "";
    el.style.height = "${height}px";
    window.Plotly.newPlot(el, fig.data, fig.layout, fig.config);
  }
  if (window.Plotly) return draw();
  cnnLoadServedPlotly(${scriptJson(options.servedPath ?? "")}).then(
    function (status) {
      if (status === "ok") return draw();
      if (el) {
        el.insertAdjacentHTML("beforeend", status === "no-server" ? ${
    note(PLOTLY_UNAVAILABLE_NOTE)
  } : ${note(PLOTLY_NOT_SERVED_NOTE)});
      }
    },
  );
})();
</script>
`;
}

/** Builds the bundle: the plotly JSON, its HTML with the PNG inside, the text and the PNG. */
export function makeBundle(parts: FigureParts): PlotBundle {
  const figure: PlotlyFigure = {
    data: parts.figure.data,
    layout: parts.figure.layout,
    config: { ...DEFAULT_CONFIG, ...parts.figure.config },
  };
  const pngBase64 = toBase64(parts.png);
  const bundle: PlotBundle = {
    [PLOTLY_MIME]: figure,
    "text/html": figureHtml(figure, {
      id: newFigureId(),
      pngBase64,
      alt: parts.summary,
      servedPath: servedPlotlyPath(),
    }),
    "text/plain": parts.text,
    "image/png": pngBase64,
  };
  // As a cell's last expression only the summary line shows (the figure is shown already).
  return showsAsText(bundle, parts.summary);
}

/** Builds the bundle and, in Jupyter (or when `show` is true), shows it (see `rich_output.ts`). */
export async function showFigure(
  parts: FigureParts,
  options: ShowOptions = {},
): Promise<PlotBundle> {
  const bundle = makeBundle(parts);
  await showBundle(bundle as unknown as MimeBundle, { show: options.show });
  return bundle;
}
