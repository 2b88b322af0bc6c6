/**
 * The course's top-level commands.
 *
 *   deno task setup     installs the Deno kernelspec for JupyterLab / VS Code
 *   deno task course    setup + execute notebooks/*.ipynb + render site/
 *   deno task teacher   setup + execute exercises and solutions + render site/
 *                       with sections Ejercicios and Soluciones (and Curso when
 *                       its executed copies are up to date)
 *   deno task render    render the executed copies again (`--teacher` adds
 *                       the exercises and solutions)
 *
 * `course` and `teacher` first install, once, what they need and the machine
 * lacks (tools/setup/), then re-execute only the notebooks whose notebook,
 * `lib/` or lock file changed since their executed copy (`--force` runs them
 * all), showing live progress and ending with a summary of times and test
 * accuracies.
 *
 * @module
 */

import { relative } from "node:path";
import { runCli } from "./notebooks/jupyter_env.ts";
import { installUserKernelspec } from "./notebooks/kernelspec.ts";
import {
  executedPath,
  type Notebook,
  readNotebook,
  ROOT,
  type Section,
} from "./notebooks/files.ts";
import { sectionNotebooks } from "./notebooks/run.ts";
import { describeFailure, executeNotebooks } from "./notebooks/execute.ts";
import {
  cellExpectations,
  cellProblems,
  seenFromOutputs,
} from "./notebooks/cell_expectations.ts";
import { executedCopies, renderSite, SITE_DIR } from "./site/render.ts";
import { ensureFor } from "./setup/main.ts";
import { quickMode } from "../lib/course/quick_flag.ts";
import {
  executionStamp,
  sharedInputs,
  staleReasons,
  storedStamp,
} from "./notebooks/execution_cache.ts";
import {
  CourseProgress,
  liveProgressWanted,
  type PlannedNotebook,
} from "./notebooks/course_progress.ts";
import {
  codeCellSeconds,
  type SummaryRow,
  summaryTable,
  testAccuracies,
} from "./notebooks/course_report.ts";

/**
 * Installs the editors' kernelspec; returns where it went. Says so when it
 * changed anything, or always with `verbose` (the `setup` command itself).
 */
export async function setup(verbose = true): Promise<string> {
  await ensureFor("setup");
  const before = await kernelJson();
  const { dir } = await installUserKernelspec();
  if (verbose || before !== await kernelJson(dir)) {
    console.log(
      `Deno kernelspec installed in ${dir} (interrupt_mode "signal", NO_COLOR=1).`,
    );
  }
  return dir;
}

/** The text of the user's Deno kernel.json (where deno installs it), if any. */
async function kernelJson(dir?: string): Promise<string | undefined> {
  const home = Deno.env.get("HOME") ?? "";
  const data = Deno.env.get("JUPYTER_DATA_DIR") ??
    `${home}/.local/share/jupyter`;
  try {
    return await Deno.readTextFile(
      `${dir ?? `${data}/kernels/deno`}/kernel.json`,
    );
  } catch {
    return undefined;
  }
}

async function readCopy(source: string): Promise<Notebook | undefined> {
  try {
    return await readNotebook(executedPath(source));
  } catch {
    return undefined;
  }
}

/**
 * Executes the notebooks of `sections` that are stale (all with `force`),
 * with live progress; prints which were skipped and why the others ran,
 * then a summary. Returns false when a notebook failed.
 */
export async function executeStale(
  sections: Section[],
  force: boolean,
): Promise<boolean> {
  const notebooks = await sectionNotebooks(sections);
  if (notebooks.length === 0) {
    console.log(`No notebooks in ${sections.join(", ")}: nothing to execute.`);
    return true;
  }
  const quick = quickMode();
  const shared = await sharedInputs(quick);
  const rows = new Map<string, SummaryRow>();
  const plan: PlannedNotebook[] = [];
  for (const source of notebooks) {
    const copy = await readCopy(source);
    const stored = copy ? storedStamp(copy) : undefined;
    const reasons = staleReasons(stored, await executionStamp(source, shared));
    const rel = relative(ROOT, source);
    if (!force && reasons.length === 0 && copy && stored) {
      console.log(`  skip ${rel}: unchanged since its executed copy`);
      // A skipped copy is held to today's declarations too: a copy that
      // failed them stays failed, and an edited shows="…" is checked at once.
      const misplaced = quick ? shownProblems(source, copy) : [];
      for (const p of misplaced) console.log(`  ${rel}: ${p}`);
      rows.set(source, {
        source,
        status: misplaced.length ? "failed" : "skipped",
        seconds: stored.seconds,
        peakRssMiB: stored.peakRssMiB,
        accuracies: testAccuracies(copy),
      });
      continue;
    }
    console.log(`  run  ${rel}: ${force ? "--force" : reasons.join(", ")}`);
    const sameMode = stored?.mode === shared.mode;
    plan.push({
      source,
      previousCells: copy && sameMode ? codeCellSeconds(copy) : undefined,
    });
  }
  if (plan.length > 0) {
    console.log(
      `Executing ${plan.length} notebook(s) on the Deno kernel${
        quick ? " in quick mode (CNN_QUICK=1)" : ""
      }…`,
    );
    const progress = new CourseProgress(plan, { live: liveProgressWanted() });
    const results = await executeNotebooks(plan.map((p) => p.source), {
      onEvent: (e) => {
        progress.onEvent(e);
        if (e.event === "notebook") {
          progress.line(
            `  ${e.ok ? "ok  " : "FAIL"} ${relative(ROOT, e.source)} (${
              e.seconds.toFixed(1)
            } s)`,
          );
        }
      },
    });
    progress.finish();
    for (const r of results) {
      const copy = await readCopy(r.source);
      // The shows="…" declarations describe a quick-mode Run All; the UI
      // check holds the Notebook to them, so a stale one must fail here,
      // where CI runs the course in quick mode, not only in the UI.
      const misplaced = quick && r.ok && copy
        ? shownProblems(r.source, copy)
        : [];
      for (const p of misplaced) {
        console.log(`  ${relative(ROOT, r.source)}: ${p}`);
      }
      rows.set(r.source, {
        source: r.source,
        status: r.ok && misplaced.length === 0 ? "ran" : "failed",
        seconds: r.seconds,
        peakRssMiB: r.peakRssMiB,
        accuracies: copy ? testAccuracies(copy) : [],
      });
      if (!r.ok) console.log(`\n${describeFailure(r)}`);
    }
  }
  console.log(
    `\n${
      summaryTable(notebooks.flatMap((n) => rows.get(n) ?? []))
    }\nExecuted copies in ${
      relative(ROOT, executedPath(notebooks[0]))
        .replace(/\/notebooks\/.*$/, "/")
    }`,
  );
  return [...rows.values()].every((r) => r.status !== "failed");
}

/** How an executed copy's cells differ from their `shows="…"` declarations. */
function shownProblems(source: string, copy: Notebook): string[] {
  return cellProblems(
    cellExpectations(source),
    copy.cells.filter((c) => c.cell_type === "code").map((c) =>
      seenFromOutputs(c.outputs ?? [])
    ),
  );
}

async function render(sections: Section[]): Promise<void> {
  const plan = await executedCopies(sections);
  const pages = await renderSite(plan);
  console.log(
    `Rendered ${pages.length} page(s): ${
      relative(Deno.cwd(), SITE_DIR)
    }/index.html`,
  );
}

async function upToDate(section: Section): Promise<boolean> {
  try {
    await executedCopies([section]);
    return true;
  } catch {
    return false;
  }
}

function parseFlags(rest: string[], allowed: string[]): Set<string> {
  for (const a of rest) {
    if (!allowed.includes(a)) {
      throw new Error(
        `unknown option ${a}; this command takes ${
          allowed.length ? allowed.join(", ") : "no options"
        }`,
      );
    }
  }
  return new Set(rest);
}

async function main(): Promise<number> {
  const [command, ...rest] = Deno.args;
  switch (command) {
    case "setup":
      parseFlags(rest, []);
      await setup();
      return 0;
    case "course": {
      const flags = parseFlags(rest, ["--force"]);
      await ensureFor("course");
      await setup(false);
      if (!await executeStale(["curso"], flags.has("--force"))) return 1;
      await render(["curso"]);
      return 0;
    }
    case "teacher": {
      const flags = parseFlags(rest, ["--force"]);
      await ensureFor("teacher");
      await setup(false);
      const ok = await executeStale(
        ["ejercicios", "soluciones"],
        flags.has("--force"),
      );
      if (!ok) return 1;
      const withCourse = await upToDate("curso");
      if (!withCourse) {
        console.log(
          "The course chapters are not rendered (run the course command to add them).",
        );
      }
      await render(
        withCourse
          ? ["curso", "ejercicios", "soluciones"]
          : ["ejercicios", "soluciones"],
      );
      return 0;
    }
    case "render": {
      const flags = parseFlags(rest, ["--teacher"]);
      await ensureFor("render");
      await render(
        flags.has("--teacher")
          ? ["curso", "ejercicios", "soluciones"]
          : ["curso"],
      );
      return 0;
    }
    default:
      throw new Error(
        `unknown command ${
          command ?? "(none)"
        }; use setup, course [--force], teacher [--force] or render [--teacher] (from ${ROOT})`,
      );
  }
}

if (import.meta.main) await runCli(main);
