/**
 * The site's `index.html`: one list of chapters per section ("Curso",
 * "Ejercicios", "Soluciones"), each linked under its Spanish title.
 *
 * @module
 */

import { escapeHtml } from "../../lib/core/html.ts";
import { cellSource, type Notebook } from "../notebooks/files.ts";

/** One rendered page on the site. */
export interface SitePage {
  /** Path of the page relative to the site folder, with `/` separators. */
  href: string;
  /** Title shown in the index. */
  title: string;
}

/** A section of the index. */
export interface SiteSection {
  heading: string;
  pages: SitePage[];
}

/** Section headings, in the order they appear. */
export const SECTION_HEADINGS = {
  curso: "Curso",
  ejercicios: "Ejercicios",
  soluciones: "Soluciones",
} as const;

/**
 * A notebook's title: its first Markdown heading (without `#`, emphasis or
 * links), else `metadata.title`, else `fallback`.
 */
export function notebookTitle(nb: Notebook, fallback: string): string {
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    for (const line of cellSource(cell).split("\n")) {
      const m = /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
      if (m) return plainText(m[1]);
    }
  }
  const meta = nb.metadata?.title;
  return typeof meta === "string" && meta.trim() ? meta.trim() : fallback;
}

function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`]/g, "")
    .trim();
}

/** The complete `index.html` (self-contained: inline CSS, no scripts). */
export function indexHtml(title: string, sections: SiteSection[]): string {
  const body = sections
    .filter((s) => s.pages.length > 0)
    .map((s) =>
      `<section>\n<h2>${escapeHtml(s.heading)}</h2>\n<ol>\n${
        s.pages.map((p) =>
          `<li><a href="${escapeHtml(p.href)}">${escapeHtml(p.title)}</a></li>`
        ).join("\n")
      }\n</ol>\n</section>`
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }
h1 { font-size: 1.8rem; }
h2 { border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
li { margin: .3rem 0; }
a { color: #1565c0; text-decoration: none; }
a:hover { text-decoration: underline; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}

/** A link back to the index, inserted at the top of every chapter page. */
export function backLink(depth: number): string {
  const href = "../".repeat(depth) + "index.html";
  return `<nav style="font-family:system-ui,sans-serif;padding:.5rem 1rem"><a href="${href}">← Índice del curso</a></nav>`;
}
