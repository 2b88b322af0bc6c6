/**
 * plotly.js, inlined once per kernel session.
 *
 * The first figure of a session carries the whole minified plotly.js (read
 * from the `plotly.js-dist-min` npm package on disk) in a `<script>` of its
 * `text/html`; later figures only call `Plotly.newPlot`. That keeps notebooks
 * working offline and in nbconvert's static HTML, where outputs run in
 * document order, without a CDN.
 *
 * @module
 */
import { escapeHtml } from "../core/html.ts";

/** Attribute that marks the loader `<script>`; its value is the plotly.js version. */
export const PLOTLY_LOADER_ATTRIBUTE = "data-cnn-plotly-loader";

let emitted = false;
let source: Promise<string> | undefined;

/** Where the minified plotly.js bundle lies on disk (resolved through the import map). */
export function plotlyBundleUrl(): URL {
  const resolved = import.meta.resolve("plotly.js-dist-min");
  if (resolved.startsWith("file:")) return new URL(resolved);
  // Without a node_modules folder Deno resolves to an `npm:` specifier; fall
  // back to the repository layout next to deno.json.
  return new URL(
    "../../node_modules/plotly.js-dist-min/plotly.min.js",
    import.meta.url,
  );
}

/** The plotly.js source, read once and cached. */
export function plotlySource(): Promise<string> {
  source ??= Deno.readTextFile(plotlyBundleUrl()).catch((err) => {
    source = undefined;
    throw err;
  });
  return source;
}

/** The version in the bundle's header comment (`plotly.js v2.35.3`), or `"unknown"`. */
export function plotlyVersion(src: string): string {
  return /plotly\.js v(\d+\.\d+\.\d+)/.exec(src.slice(0, 300))?.[1] ??
    "unknown";
}

/**
 * The loader `<script>` for `src`. `define`, `module` and `exports` are
 * shadowed while plotly's UMD wrapper runs, so that under require.js (which
 * nbconvert's templates include) plotly still sets `window.Plotly` instead of
 * registering an anonymous AMD module. It does nothing when plotly is present.
 */
export function plotlyLoaderHtml(src: string): string {
  // A literal `</script` would end the element early; `<\/` is the same text in JS.
  const safe = src.replace(/<\/(script)/gi, "<\\/$1");
  return `<script type="text/javascript" ${PLOTLY_LOADER_ATTRIBUTE}="${
    plotlyVersion(src)
  }">\nif (!window.Plotly) {\n(function (define, module, exports) {\n${safe}\n}).call(window);\n}\n</script>\n`;
}

/** Whether this session has already handed out the loader. */
export function plotlyLoaderEmitted(): boolean {
  return emitted;
}

/**
 * The loader HTML if this session has not emitted it yet (and marks it
 * emitted), otherwise `""`. If plotly.js cannot be read the result is a
 * visible note instead, and the next figure tries again: figures never fail
 * because of the environment.
 */
export async function takePlotlyLoader(): Promise<string> {
  if (emitted) return "";
  // Set before awaiting so concurrent figures do not both inline plotly.
  emitted = true;
  try {
    return plotlyLoaderHtml(await plotlySource());
  } catch (err) {
    emitted = false;
    const why = err instanceof Error ? err.message : String(err);
    return `<p style="color:#a00">plotly.js could not be read from node_modules (${
      escapeHtml(why)
    }); run <code>deno install</code> in the course folder.</p>\n`;
  }
}

/** Forgets that the loader was emitted (tests, or after clearing all outputs). */
export function resetPlotlyLoader(): void {
  emitted = false;
}
