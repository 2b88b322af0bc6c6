/**
 * Makes nbconvert's HTML self-contained.
 *
 * nbconvert's `lab` template loads require.js and MathJax; upstream from
 * CDNs, Debian from `file:///usr/share/javascript/...` (which only works on
 * the machine that rendered it). The course's outputs need neither (the
 * prose has no formulas), so both scripts are removed. The figures' outputs
 * carry no plotly.js (lib/plots fetches the Jupyter server's copy, and a
 * static page has no server), so {@link inlinePlotly} puts it once into every
 * page that has figures. {@link externalResources} lists anything else a page
 * would still fetch.
 *
 * @module
 */

const LOADER_SCRIPT =
  /<script\b[^>]*\bsrc\s*=\s*["'][^"']*(?:require(?:\.min)?\.js|mathjax)[^"']*["'][^>]*>\s*<\/script>\s*/gi;
const MATHJAX_CONFIG =
  /<script\b[^>]*type\s*=\s*["']text\/x-mathjax-config["'][^>]*>[\s\S]*?<\/script>\s*/gi;
// The lab template's inline loader that calls MathJax.Hub / require(...) when present.
const MATHJAX_INLINE_CONFIG =
  /<!-- Load mathjax -->[\s\S]*?<!-- End of mathjax configuration -->\s*/gi;

/** Removes the require.js and MathJax loaders from an nbconvert page. */
export function stripExternalLoaders(html: string): string {
  return html
    .replace(MATHJAX_INLINE_CONFIG, "")
    .replace(LOADER_SCRIPT, "")
    .replace(MATHJAX_CONFIG, "");
}

/** The class of the container every course figure's HTML draws into (lib/plots/bundle.ts). */
export const FIGURE_CLASS = "cnn-plotly-figure";

/**
 * `html` with `loader` (plotly.js in a `<script>`, from `plotlyLoaderHtml`)
 * placed once at the top of `<head>` when the page holds course figures, so
 * it has run before any figure's script asks for `window.Plotly`. Pages
 * without figures are left alone (4.5 MB they do not need), and so are pages
 * that already carry `marker` (the loader's attribute), so a page never gets
 * two copies.
 */
export function inlinePlotly(
  html: string,
  loader: string,
  marker: string,
): string {
  if (!html.includes(`class="${FIGURE_CLASS}"`) || html.includes(marker)) {
    return html;
  }
  const head = /<head\b[^>]*>/i.exec(html);
  if (!head) {
    throw new Error(
      "inlinePlotly: the page has no <head>; nbconvert's HTML always has one, so this is not an nbconvert page",
    );
  }
  const at = head.index + head[0].length;
  // Sliced in rather than String.replace'd: `$&` in plotly's source stays as is.
  return html.slice(0, at) + "\n" + loader + html.slice(at);
}

/** A resource a page would load from outside itself. */
export interface ExternalResource {
  /** `script`, `link`, `img`, `iframe`, `source`, `css-url` or `css-import`. */
  kind: string;
  url: string;
}

const TAG_URL =
  /<(script|link|img|iframe|source|video|audio|embed)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']/gi;
const CSS_URL = /url\(\s*["']?([^"')]+)["']?\s*\)/gi;
const CSS_IMPORT = /@import\s+["']([^"']+)["']/gi;

function isExternal(url: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(url) ||
    /^file:/i.test(url);
}

/**
 * Every resource the page would fetch from the network or the local file
 * system (`http(s)://`, protocol-relative `//`, `file://`). Links the reader
 * clicks (`<a href>`) are not resources and are not listed; `data:` URLs and
 * relative paths inside the site are fine.
 */
export function externalResources(html: string): ExternalResource[] {
  const found: ExternalResource[] = [];
  for (const m of html.matchAll(TAG_URL)) {
    if (isExternal(m[2])) found.push({ kind: m[1].toLowerCase(), url: m[2] });
  }
  for (const m of html.matchAll(CSS_URL)) {
    // SVG namespaces and the like inside inline data URLs are not fetched.
    if (isExternal(m[1]) && !m[1].startsWith("data:")) {
      found.push({ kind: "css-url", url: m[1] });
    }
  }
  for (const m of html.matchAll(CSS_IMPORT)) {
    if (isExternal(m[1])) found.push({ kind: "css-import", url: m[1] });
  }
  return found;
}
