/**
 * plotly.js from the Jupyter server, for the figures' scripts.
 *
 * No notebook output embeds plotly.js (4.5 MB: a saved chapter would weigh
 * megabytes, and a copy embedded in one output is lost when that output is
 * replaced or cleared). Every figure's script instead fetches the copy in the
 * course's `node_modules` through the server's `/files/` handler (classic
 * Notebook `/notebooks/…`, JupyterLab and Notebook 7 `/lab/tree/…`,
 * `/doc/tree/…`, `/tree/…`), once per page for all figures, and runs it with
 * `define`/`module`/`exports` shadowed so that require.js cannot swallow it.
 * The rendered site inlines plotly.js once per page instead
 * (`tools/site/offline_html.ts`). Where neither is possible the figure keeps its
 * PNG and says, in Spanish, what works.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { relative, sep } from "node:path";
import { plotlyBundleUrl } from "./plotly_loader.ts";

/**
 * The note under a figure whose page is not a Jupyter server's (VS Code's
 * HTML view, a page saved elsewhere), so no plotly.js can be fetched: what
 * does draw it.
 */
export const PLOTLY_UNAVAILABLE_NOTE =
  "Esta vista no puede cargar plotly.js y muestra la figura como imagen. Para verla interactiva, abre el cuaderno en Jupyter arrancado desde la carpeta del curso (<code>jupyter lab</code> o <code>jupyter notebook</code>); en VS Code, elige la presentación <code>application/vnd.plotly.v1+json</code> de la salida.";

/**
 * The note under a figure in a Jupyter page whose server does not hand out
 * plotly.js (the course folder is outside the server's root, or
 * `node_modules` is missing): what fixes it.
 */
export const PLOTLY_NOT_SERVED_NOTE =
  "El servidor de Jupyter no entrega plotly.js (<code>node_modules/plotly.js-dist-min/plotly.min.js</code>), así que la figura se muestra como imagen. Ejecuta <code>deno install</code> en la carpeta del curso, arranca Jupyter desde esa carpeta y recarga la página.";

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
 * Browser JavaScript defining `cnnLoadServedPlotly(rel)`: a promise, shared
 * by all figures of the page, of `"ok"` once `window.Plotly` exists (fetched
 * from the server and run), `"no-server"` when the page is not a Jupyter
 * notebook page (after waiting 2 s for a page that loads plotly.js itself),
 * or `"failed"` when the server's copy could not be had (`rel` empty: not on
 * the kernel's disk). A failure is forgotten, so a later figure tries again.
 */
export const SERVED_LOADER_JS = `${SERVED_URL_JS}
function cnnLoadServedPlotly(rel) {
  if (window.Plotly) return Promise.resolve("ok");
  if (window.cnnPlotlyServed) return window.cnnPlotlyServed;
  // A Jupyter notebook page whose kernel found no plotly.js on disk fails
  // (deno install fixes it); any other page may still load plotly.js itself.
  var jupyterPage = cnnServedPlotlyUrl("x", window.location) !== null;
  var url = rel ? cnnServedPlotlyUrl(rel, window.location) : null;
  var loading;
  if (url && window.fetch) {
    loading = window.fetch(url, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (src) {
        if (!window.Plotly) new Function("define", "module", "exports", src).call(window);
        return window.Plotly ? "ok" : "failed";
      })
      .catch(function () { return "failed"; });
  } else {
    var why = jupyterPage ? "failed" : "no-server";
    loading = new Promise(function (resolve) {
      var tries = 0;
      (function wait() {
        if (window.Plotly) return resolve("ok");
        if (++tries > 20) return resolve(why);
        setTimeout(wait, 100);
      })();
    });
  }
  window.cnnPlotlyServed = loading.then(function (status) {
    if (status !== "ok") window.cnnPlotlyServed = null;
    return status;
  });
  return window.cnnPlotlyServed;
}`;
