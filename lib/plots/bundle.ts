/**
 * A plotly figure → one Jupyter MIME bundle (`application/vnd.plotly.v1+json`,
 * `text/html`, `text/plain`, optional `image/png`), displayed in Jupyter.
 *
 * @module
 */
import { display, inJupyter } from "../display.ts";
import {
  type PlotBundle,
  PLOTLY_MIME,
  type PlotlyFigure,
  type ShowOptions,
} from "./figure.ts";
import { escapeHtml } from "../core/html.ts";
import { takePlotlyLoader } from "./plotly_loader.ts";
import { toBase64 } from "./png.ts";
import {
  PLOTLY_MISSING_NOTE,
  SERVED_LOADER_JS,
  servedPlotlyPath,
} from "./plotly_served.ts";

/** What a figure helper hands to {@link makeBundle}. */
export interface FigureParts {
  /** The plotly figure; `layout.width`/`layout.height` size the HTML container. */
  figure: PlotlyFigure;
  /** The `text/plain` rendering. */
  text: string;
  /** One line shown when the returned bundle is a cell's last expression. */
  summary: string;
  /** PNG preview bytes. */
  png?: Uint8Array;
}

const DEFAULT_CONFIG = { displaylogo: false, responsive: true };
let figureCounter = 0;

/** A fresh element id; the random part keeps ids unique across kernel restarts in one saved notebook. */
export function newFigureId(): string {
  figureCounter += 1;
  return `cnn-plot-${figureCounter}-${crypto.randomUUID().slice(0, 8)}`;
}

/** JSON that is safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * The HTML of one figure: a container holding the PNG (or a note) for viewers
 * without JavaScript, and a script that draws the figure once `window.Plotly`
 * exists. `loader` (from {@link takePlotlyLoader}) is prepended as is. When
 * plotly.js is still missing after a second (a reloaded notebook whose
 * embedded copy was lost), the script fetches the copy the Jupyter server
 * serves at `servedPath` (relative to the notebook's folder; see
 * `plotly_served.ts`), and after 10 s shows {@link PLOTLY_MISSING_NOTE}.
 */
export function figureHtml(
  figure: PlotlyFigure,
  options: {
    id: string;
    loader: string;
    pngBase64?: string;
    alt: string;
    servedPath?: string;
  },
): string {
  const width = Number(figure.layout.width) || 640;
  const height = Number(figure.layout.height) || 420;
  const fallback = options.pngBase64
    ? `<img src="data:image/png;base64,${options.pngBase64}" alt="${
      escapeHtml(options.alt)
    }" style="max-width:100%;image-rendering:pixelated">`
    : `<span>${escapeHtml(options.alt)} (interactive plotly.js figure)</span>`;
  return `${options.loader}<div id="${options.id}" class="cnn-plotly-figure" style="width:${width}px;max-width:100%;height:${height}px;">${fallback}</div>
<script type="text/javascript">
(function () {
  var fig = ${scriptJson(figure)};
  var script = document.currentScript;
  var tries = 0;
  ${SERVED_LOADER_JS.replace(/\n/g, "\n  ")}
  function draw() {
    var el = document.getElementById("${options.id}") ||
      (script && script.previousElementSibling);
    if (el && window.Plotly) {
      el.innerHTML = "";
      window.Plotly.newPlot(el, fig.data, fig.layout, fig.config);
      return;
    }
    if (++tries === 10) cnnLoadServedPlotly(${
    scriptJson(options.servedPath ?? "")
  });
    if (tries < 100) {
      setTimeout(draw, 100);
    } else if (el) {
      el.insertAdjacentHTML("beforeend", ${
    scriptJson(`<p class="cnn-plotly-missing">${PLOTLY_MISSING_NOTE}</p>`)
  });
    }
  }
  draw();
})();
</script>
`;
}

/**
 * Builds the bundle. `loader` is the plotly loader HTML to embed; by default
 * it is taken from the session (so only the first figure carries it).
 */
export async function makeBundle(
  parts: FigureParts,
  loader?: string,
): Promise<PlotBundle> {
  const figure: PlotlyFigure = {
    data: parts.figure.data,
    layout: parts.figure.layout,
    config: { ...DEFAULT_CONFIG, ...parts.figure.config },
  };
  const pngBase64 = parts.png ? toBase64(parts.png) : undefined;
  const bundle: PlotBundle = {
    [PLOTLY_MIME]: figure,
    "text/html": figureHtml(figure, {
      id: newFigureId(),
      loader: loader ?? await takePlotlyLoader(),
      pngBase64,
      alt: parts.summary,
      servedPath: servedPlotlyPath(),
    }),
    "text/plain": parts.text,
  };
  if (pngBase64) bundle["image/png"] = pngBase64;
  // Non-enumerable, so the bundle stays plain JSON; the Deno kernel calls it
  // when the bundle is a cell's last expression (the figure is shown already).
  Object.defineProperty(bundle, Symbol.for("Jupyter.display"), {
    value: () => ({ "text/plain": parts.summary }),
    enumerable: false,
  });
  return bundle;
}

/**
 * Whether figures are displayed by default. `inJupyter()` can throw outside
 * the kernel (Deno 2.9's `Deno.jupyter` getter throws there); a figure must
 * never fail because of where it runs.
 */
export function jupyterAvailable(): boolean {
  try {
    return inJupyter();
  } catch {
    return false;
  }
}

/** Builds the bundle and, in Jupyter (or when `show` is true), displays it. */
export async function showFigure(
  parts: FigureParts,
  options: ShowOptions = {},
): Promise<PlotBundle> {
  const bundle = await makeBundle(parts);
  if (options.show ?? jupyterAvailable()) {
    if (jupyterAvailable()) {
      await display(bundle as unknown as Record<string, unknown>);
    } else {
      console.log(bundle["text/plain"]);
    }
  }
  return bundle;
}
