/**
 * plotly.js from the Jupyter server, for figures whose session copy is gone.
 *
 * Only a session's first figure embeds plotly.js ({@link takePlotlyLoader}),
 * so after a second Run All in the same kernel, a save and a reload, no saved
 * output carries it any more. Every figure's script therefore falls back to
 * fetching the copy in the course's `node_modules` through the server's
 * `/files/` handler (classic Notebook `/notebooks/…`, JupyterLab and
 * Notebook 7 `/lab/tree/…`, `/doc/tree/…`, `/tree/…`) and runs it with
 * `define`/`module`/`exports` shadowed, as the embedded loader does, so that
 * require.js cannot swallow it. Where neither works the figure keeps its PNG
 * and says, in Spanish, what to do.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { relative, sep } from "node:path";
import { plotlyBundleUrl } from "./plotly_loader.ts";

/**
 * The note shown under a figure that cannot be drawn: the action that works
 * (a fresh kernel embeds plotly.js again in the first figure).
 */
export const PLOTLY_MISSING_NOTE =
  "No se pudo cargar plotly.js para dibujar esta figura: usa Kernel ▸ Restart &amp; Run All (Reiniciar y ejecutar todo) y guarda el cuaderno.";

/**
 * The path of plotly.min.js relative to the kernel's folder (the notebook's
 * folder: Jupyter starts kernels there), with `/` separators; undefined when
 * plotly.js does not lie on disk.
 */
export function servedPlotlyPath(cwd = Deno.cwd()): string | undefined {
  // The top-level `node_modules/plotly.js-dist-min` link first: Jupyter's
  // `/files/` handler refuses paths through hidden folders such as
  // `node_modules/.deno/`, where the resolved file lies.
  const candidates = [TOP_LEVEL_COPY, plotlyBundleUrl()];
  for (const url of candidates) {
    try {
      if (url.protocol !== "file:") continue;
      const path = fileURLToPath(url);
      Deno.statSync(path);
      return relative(cwd, path).split(sep).join("/");
    } catch {
      // Not there: the next one.
    }
  }
  return undefined;
}

const TOP_LEVEL_COPY = new URL(
  "../../node_modules/plotly.js-dist-min/plotly.min.js",
  import.meta.url,
);

/**
 * Browser JavaScript defining `cnnServedPlotlyUrl(rel, loc)`: the server URL
 * of `rel` (relative to the open notebook's folder), or null when the page
 * is not a Jupyter notebook page (nbconvert HTML, static viewers).
 */
export const SERVED_URL_JS = `function cnnServedPlotlyUrl(rel, loc) {
  var m = /^(.*?\\/)(?:notebooks|lab\\/tree|doc\\/tree|tree|lab\\/workspaces\\/[^\\/]+\\/tree)\\/(.*)$/.exec(loc.pathname);
  if (!m || !rel) return null;
  return m[1] + "files/" + m[2].replace(/[^\\/]*$/, "") + rel;
}`;

/**
 * Browser JavaScript defining `cnnLoadServedPlotly(rel)`: fetches and runs
 * plotly.js once per page (a promise shared by all figures), resolving true
 * when `window.Plotly` exists afterwards.
 */
export const SERVED_LOADER_JS = `${SERVED_URL_JS}
function cnnLoadServedPlotly(rel) {
  if (window.Plotly) return Promise.resolve(true);
  if (window.cnnPlotlyServed) return window.cnnPlotlyServed;
  var url = cnnServedPlotlyUrl(rel, window.location);
  if (!url || !window.fetch) return Promise.resolve(false);
  window.cnnPlotlyServed = window.fetch(url, { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
    .then(function (src) {
      if (!window.Plotly) new Function("define", "module", "exports", src).call(window);
      return !!window.Plotly;
    })
    .catch(function () { return false; });
  return window.cnnPlotlyServed;
}`;
