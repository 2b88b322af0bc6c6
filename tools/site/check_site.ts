/**
 * `deno task check:site [--teacher]`: opens every page of the rendered site
 * in headless Chromium (network off) and fails unless each page loads
 * without errors, every plotly output of its notebook drew (`.main-svg`) and
 * no image is broken. Screenshots go to `build/screenshots/`.
 *
 * @module
 */

import { join, relative } from "node:path";
import { runCli } from "../notebooks/jupyter_env.ts";
import { readNotebook, ROOT, type Section } from "../notebooks/files.ts";
import { checkPages, formatReport, type PageReport } from "./page_check.ts";
import { executedCopies, pageHref, SITE_DIR } from "./render.ts";

/** Screenshots of the site's pages. */
export const SCREENSHOT_DIR = join(ROOT, "build", "screenshots");

const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** What a rendered page must show, read from its executed notebook. */
export interface PageExpectation {
  /** Plotly figures among the notebook's outputs. */
  plots: number;
  /** Titles of its pictures (`plots.imshow` heatmaps), e.g. `["8"]`. */
  pictures: string[];
}

/** What the executed notebook `executed` displayed, so its page can be checked. */
export async function expectedFigures(
  executed: string,
): Promise<PageExpectation> {
  const nb = await readNotebook(executed);
  const figures = nb.cells.flatMap((c) => c.outputs ?? [])
    .map((o) => o.data?.[PLOTLY_MIME])
    .filter((f) => f !== undefined) as {
      data?: { type?: string }[];
      layout?: { title?: { text?: string } };
    }[];
  const pictures = figures
    .filter((f) =>
      f.data?.length === 1 && f.data[0].type === "heatmap" &&
      f.layout?.title?.text
    )
    .map((f) => f.layout!.title!.text!);
  return { plots: figures.length, pictures };
}

/** What is wrong with a page, or [] when it is fine. */
export function pageProblems(
  r: PageReport,
  expected: PageExpectation,
): string[] {
  const expectedPlots = expected.plots;
  const problems = r.errors.map((e) => `page error: ${e}`);
  if (r.plotsDrawn !== expectedPlots) {
    problems.push(
      `${r.plotsDrawn} of ${expectedPlots} plotly figures drew (.main-svg)`,
    );
  }
  if (r.imagesBroken > 0) problems.push(`${r.imagesBroken} broken image(s)`);
  for (const title of expected.pictures) {
    if (!r.pictureTitles.includes(title)) {
      problems.push(`the picture titled "${title}" did not draw`);
    }
  }
  return problems;
}

/** Checks the pages of `sections` in `siteDir`; returns the problems found. */
export async function checkSite(
  sections: Section[],
  siteDir = SITE_DIR,
): Promise<{ reports: PageReport[]; problems: string[] }> {
  const plan = await executedCopies(sections);
  const pages: {
    path: string;
    screenshot: string;
    expectedPlots: number;
    expected: PageExpectation;
  }[] = [];
  for (const section of sections) {
    for (const nb of plan[section] ?? []) {
      const href = pageHref(section, nb);
      const expected = await expectedFigures(nb);
      pages.push({
        path: join(siteDir, href),
        screenshot: join(SCREENSHOT_DIR, href.replace(/\.html$/, ".png")),
        expectedPlots: expected.plots,
        expected,
      });
    }
  }
  const reports = await checkPages(pages);
  const problems: string[] = [];
  reports.forEach((r, i) => {
    for (const p of pageProblems(r, pages[i].expected)) {
      problems.push(`${relative(ROOT, r.path)}: ${p}`);
    }
  });
  return { reports, problems };
}

async function main(): Promise<number> {
  const sections: Section[] = Deno.args.includes("--teacher")
    ? ["curso", "ejercicios", "soluciones"]
    : ["curso"];
  const { reports, problems } = await checkSite(sections);
  for (const r of reports) console.log(formatReport(r));
  for (const p of problems) console.error(p);
  console.log(
    `${reports.length} page(s) checked, ${problems.length} problem(s); screenshots in ${
      relative(ROOT, SCREENSHOT_DIR)
    }/`,
  );
  return problems.length === 0 ? 0 : 1;
}

if (import.meta.main) await runCli(main);
