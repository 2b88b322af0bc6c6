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
 * Each stops with one line when Jupyter is missing.
 *
 * @module
 */

import { relative } from "node:path";
import { requireJupyter, runCli } from "./jupyter_env.ts";
import { installUserKernelspec } from "./kernelspec.ts";
import { executedPath, ROOT, type Section } from "./notebook_files.ts";
import { runNotebooks, sectionNotebooks } from "./notebooks.ts";
import { executedCopies, renderSite, SITE_DIR } from "./render.ts";

/** Installs the editors' kernelspec; returns where it went. */
export async function setup(): Promise<string> {
  await requireJupyter();
  const { dir } = await installUserKernelspec();
  console.log(
    `Deno kernelspec installed in ${dir} (interrupt_mode "signal", NO_COLOR=1).`,
  );
  return dir;
}

async function executeSections(sections: Section[]): Promise<boolean> {
  const notebooks = await sectionNotebooks(sections);
  if (notebooks.length === 0) {
    console.log(`No notebooks in ${sections.join(", ")}: nothing to execute.`);
    return true;
  }
  const results = await runNotebooks(notebooks);
  return results.every((r) => r.ok);
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
  for (const nb of await sectionNotebooks([section])) {
    try {
      const [s, c] = await Promise.all([
        Deno.stat(nb),
        Deno.stat(executedPath(nb)),
      ]);
      if ((s.mtime?.getTime() ?? 0) > (c.mtime?.getTime() ?? 0)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

async function main(): Promise<number> {
  const [command, ...rest] = Deno.args;
  switch (command) {
    case "setup":
      await setup();
      return 0;
    case "course":
      await setup();
      if (!await executeSections(["curso"])) return 1;
      await render(["curso"]);
      return 0;
    case "teacher": {
      await setup();
      if (!await executeSections(["ejercicios", "soluciones"])) return 1;
      const withCourse = await upToDate("curso");
      if (!withCourse) {
        console.log(
          "The course chapters are not rendered (run `deno task course` to add them).",
        );
      }
      await render(
        withCourse
          ? ["curso", "ejercicios", "soluciones"]
          : ["ejercicios", "soluciones"],
      );
      return 0;
    }
    case "render":
      await render(
        rest.includes("--teacher")
          ? ["curso", "ejercicios", "soluciones"]
          : ["curso"],
      );
      return 0;
    default:
      throw new Error(
        `unknown command ${
          command ?? "(none)"
        }; use setup, course, teacher or render [--teacher] (from ${ROOT})`,
      );
  }
}

if (import.meta.main) await runCli(main);
