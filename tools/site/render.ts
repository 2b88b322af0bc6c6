/**
 * Renders executed notebooks to a static site with nbconvert: one HTML page
 * per notebook (offline: no CDN, no `file://`) and an `index.html` with
 * sections "Curso", "Ejercicios" and "Soluciones".
 *
 * The site is built in a staging folder and then swapped in, so `site/` is
 * never left half-written.
 *
 * @module
 */

import { basename, dirname, join, relative } from "node:path";
import {
  executedPath,
  listNotebooks,
  NOTEBOOK_DIRS,
  readNotebook,
  ROOT,
  type Section,
} from "../notebooks/files.ts";
import { pythonEnv, requireJupyter } from "../notebooks/jupyter_env.ts";
import { fileHash, storedStamp } from "../notebooks/execution_cache.ts";
import {
  externalResources,
  inlinePlotly,
  stripExternalLoaders,
} from "./offline_html.ts";
import {
  PLOTLY_LOADER_ATTRIBUTE,
  plotlyLoaderHtml,
  plotlySource,
} from "../../lib/host/plotly_loader.ts";
import {
  backLink,
  indexHtml,
  notebookTitle,
  SECTION_HEADINGS,
  type SitePage,
} from "./site_index.ts";

/** Default site folder. */
export const SITE_DIR = join(ROOT, "site");

/** The title on the index page. */
export const SITE_TITLE = "Diseño de CNNs";

/** What to render: executed notebooks per section. */
export type RenderPlan = Partial<Record<Section, string[]>>;

/** Where each section's pages go inside the site. */
const SECTION_SUBDIR: Record<Section, string> = {
  curso: "",
  ejercicios: "ejercicios",
  soluciones: "soluciones",
};

/** The page's path inside the site for notebook `nbPath` of `section`. */
export function pageHref(section: Section, nbPath: string): string {
  const name = basename(nbPath).replace(/\.ipynb$/, ".html");
  const sub = SECTION_SUBDIR[section];
  return sub ? `${sub}/${name}` : name;
}

/** A rendered page. */
export interface RenderedPage extends SitePage {
  section: Section;
  /** Absolute path of the HTML file in the final site. */
  path: string;
}

/**
 * Converts every notebook of `plan` to HTML under `siteDir` and writes the
 * index. Throws when nbconvert fails or a page would still load something
 * from outside the site.
 */
export async function renderSite(
  plan: RenderPlan,
  siteDir = SITE_DIR,
): Promise<RenderedPage[]> {
  const python = await requireJupyter();
  await Deno.mkdir(dirname(siteDir), { recursive: true });
  const staging = await Deno.makeTempDir({
    dir: dirname(siteDir),
    prefix: `.${basename(siteDir)}-staging-`,
  });
  // makeTempDir creates the folder private (0700); the site is for reading.
  await Deno.chmod(staging, 0o755);
  try {
    // Read once for the whole site; every page with figures inlines it.
    const plotly = plotlyLoaderHtml(await plotlySource());
    const pages: RenderedPage[] = [];
    for (const section of Object.keys(SECTION_HEADINGS) as Section[]) {
      const notebooks = plan[section] ?? [];
      if (notebooks.length === 0) continue;
      const sub = SECTION_SUBDIR[section];
      const outDir = join(staging, sub);
      await nbconvert(python, notebooks, outDir);
      for (const nbPath of notebooks) {
        const href = pageHref(section, nbPath);
        const file = join(staging, href);
        const depth = sub ? 1 : 0;
        const html = finishPage(
          await Deno.readTextFile(file),
          depth,
          file,
          plotly,
        );
        await Deno.writeTextFile(file, html);
        const nb = await readNotebook(nbPath);
        pages.push({
          section,
          href,
          title: notebookTitle(nb, basename(nbPath, ".ipynb")),
          path: join(siteDir, href),
        });
      }
    }
    const sections = (Object.keys(SECTION_HEADINGS) as Section[]).map((s) => ({
      heading: SECTION_HEADINGS[s],
      pages: pages.filter((p) => p.section === s),
    }));
    await Deno.writeTextFile(
      join(staging, "index.html"),
      indexHtml(SITE_TITLE, sections),
    );
    await swapIn(staging, siteDir);
    return pages;
  } catch (e) {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
    throw e;
  }
}

function finishPage(
  html: string,
  depth: number,
  file: string,
  plotly: string,
): string {
  const linked = stripExternalLoaders(html).replace(
    /<body([^>]*)>/i,
    (m) => `${m}\n${backLink(depth)}`,
  );
  // Last, so no pattern above runs over plotly's 4.5 MB of source.
  const offline = inlinePlotly(linked, plotly, PLOTLY_LOADER_ATTRIBUTE);
  const external = externalResources(offline);
  if (external.length > 0) {
    throw new Error(
      `${file} would load ${
        external.map((e) => `${e.kind} ${e.url}`).join(", ")
      } from outside the site; the course must work offline`,
    );
  }
  return offline;
}

async function nbconvert(
  python: string,
  notebooks: string[],
  outDir: string,
): Promise<void> {
  await Deno.mkdir(outDir, { recursive: true });
  const out = await new Deno.Command(python, {
    args: [
      "-Xfrozen_modules=off",
      "-m",
      "nbconvert",
      "--to",
      "html",
      "--output-dir",
      outDir,
      ...notebooks,
    ],
    env: pythonEnv(),
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim().split("\n")
      .slice(-10).join("\n");
    throw new Error(`nbconvert failed (exit ${out.code}):\n${err}`);
  }
}

async function swapIn(staging: string, siteDir: string): Promise<void> {
  const old = `${staging}-old`;
  let hadOld = false;
  try {
    await Deno.rename(siteDir, old);
    hadOld = true;
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  await Deno.rename(staging, siteDir);
  if (hadOld) await Deno.remove(old, { recursive: true });
}

/**
 * The executed copies of the notebooks of `sections`, checked to exist and
 * to have been executed from the notebook as it is now (the copy's stamp
 * holds the notebook's hash; a copy without one must be newer than its
 * source). Missing or stale ones are errors naming the command that makes
 * them.
 */
export async function executedCopies(
  sections: Section[],
): Promise<RenderPlan> {
  const plan: RenderPlan = {};
  const problems: string[] = [];
  for (const section of sections) {
    const sources = await listNotebooks(NOTEBOOK_DIRS[section]);
    plan[section] = [];
    for (const source of sources) {
      const copy = executedPath(source);
      const rel = relative(ROOT, source);
      try {
        if (!await copyMatches(source, copy)) {
          problems.push(`${rel} changed after it was executed`);
        }
        plan[section]!.push(copy);
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
        problems.push(`${rel} has not been executed`);
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `${problems.join("\n")}\nrun \`deno task notebooks${
        sections.length > 1 ? " --all" : ""
      }\` first (or \`deno task course\`, which executes and renders)`,
    );
  }
  return plan;
}

async function copyMatches(source: string, copy: string): Promise<boolean> {
  const [s, c] = await Promise.all([Deno.stat(source), Deno.stat(copy)]);
  const stamp = storedStamp(await readNotebook(copy));
  if (stamp) return stamp.notebook === await fileHash(source);
  return (s.mtime?.getTime() ?? 0) <= (c.mtime?.getTime() ?? 0);
}
