/**
 * plotly.js on disk (the pinned `plotly.js-dist-min` npm package) and the
 * `<script>` that inlines it in a page. Notebook outputs never carry it
 * (`plotly_served.ts` fetches the server's copy); the rendered site inlines it
 * once per page (`tools/site/offline_html.ts`), so it draws offline without a CDN.
 *
 * @module
 */

/** Attribute that marks the loader `<script>`; its value is the plotly.js version. */
export const PLOTLY_LOADER_ATTRIBUTE = "data-cnn-plotly-loader";

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
