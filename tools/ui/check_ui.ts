/**
 * `deno task check:ui`: the course in Debian's classic Jupyter Notebook 6.4,
 * driven by headless Chromium through Selenium (tools/ui/ui_driver.py).
 *
 *     deno task check:ui                        # every chapter, one exercise + solution, the interrupt
 *     deno task check:ui [--interrupt] NOTEBOOK...
 *     deno task check:ui --no-interrupt
 *
 * Starts `jupyter-notebook` on 127.0.0.1 with a random token and private
 * config, runtime, data and home folders under `build/ui/`, with the course
 * kernelspec (routing proxy) on `JUPYTER_PATH`. Works on copies of the
 * notebooks under `build/ui/work/` (Run All + save must never touch the
 * committed, output-free notebooks). Per notebook, in quick mode: Cell ▸ Run
 * All, the kernel is Deno, no error output, every code cell numbered, every
 * cell shows exactly what its source marker declares (`shows="…"`, see
 * tools/notebooks/cell_expectations.ts) so that an output under the wrong cell fails,
 * the declared plotly figures drawn (`.main-svg`) with their titles, no
 * console errors; then a second Run All, save and reload: the same again;
 * on the first notebook also Kernel ▸ Restart & Run All after the reload.
 * The interrupt step stops a full-data `fit` with Kernel ▸ Interrupt and
 * checks `KeyboardInterrupt`, then `1 + 1` → 2. Screenshots go to
 * `build/screenshots/ui/`. Stops the server it started, by PID.
 *
 * @module
 */

import { dirname, join, relative, resolve } from "node:path";
import { ROOT } from "../notebooks/files.ts";
import { pythonEnv, requireJupyter, runCli } from "../notebooks/jupyter_env.ts";
import { writeKernelspec } from "../notebooks/kernelspec.ts";
import {
  type CellExpectation,
  cellExpectations,
  cellProblems,
  expectedFigures,
  type SeenCell,
} from "../notebooks/cell_expectations.ts";
import { freePort } from "../net/free_port.ts";
import { jsonLines, startPythonJob } from "../notebooks/python_job.ts";

const UI_DIR = join(ROOT, "build", "ui");
const SHOTS = join(ROOT, "build", "screenshots", "ui");

/** The notebooks `check:ui` runs by default: every chapter, one exercise and its solution. */
export const DEFAULT_UI_NOTEBOOKS = [
  "notebooks/01_datos.ipynb",
  "notebooks/02_lenet.ipynb",
  "notebooks/03_inception.ipynb",
  "notebooks/04_resnet.ipynb",
  "notebooks/05_batchnorm.ipynb",
  "notebooks/06_separables.ipynb",
  "notebooks/ejercicios/01_contar_parametros.ipynb",
  "notebooks/soluciones/01_contar_parametros.ipynb",
];

/** The notebook whose full-data `fit` the interrupt step stops. */
export const INTERRUPT_NOTEBOOK = "notebooks/02_lenet.ipynb";

/** One code cell as the browser saw it. */
export interface UiCell extends SeenCell {
  /** Plotly figures drawn in the cell (a `.main-svg` inside). */
  drawn: number;
}

/** What the browser saw after one Run All (from ui_driver.py). */
export interface UiState {
  /** The kernel's name (`deno`). */
  kernel: string;
  /** The kernel name the page shows. */
  kernelDisplay: string;
  /** Code cells without an execution count. */
  unnumbered: number;
  /** Indexes of code cells with an error output. */
  errors: number[];
  /** The first error outputs, `ename: evalue`. */
  errorText: string[];
  /** Code cells in the notebook. */
  cells: number;
  /** Plotly figure containers on the page. */
  figures: number;
  /** Of those, the ones drawn (a `.main-svg` inside). */
  drawn: number;
  /** Figure titles drawn on the page. */
  titles: string[];
  /** "plotly.js could not be loaded" notes shown. */
  missingNote: number;
  /** Per code cell, what its output area holds. */
  perCell?: UiCell[];
}

/** One notebook's record. */
export interface UiRecord {
  /** The notebook, as the server serves it. */
  path: string;
  /** After the first Cell ▸ Run All. */
  run1?: UiState;
  /** After a second Run All in the same kernel. */
  run2?: UiState;
  /** After File ▸ Save and a reload of the page. */
  reloaded?: UiState;
  /** After Kernel ▸ Restart & Run All on the reloaded page (first notebook only). */
  restarted?: UiState;
  /** The browser console's SEVERE messages. */
  console_errors?: string[];
  /** Why the notebook could not be checked at all. */
  failure?: string;
}

/**
 * The problems found in one record (empty: the notebook passed), against the
 * declarations of its code cells.
 */
export function uiProblems(
  r: UiRecord,
  want: CellExpectation[],
  wantRestart = false,
): string[] {
  if (r.failure) return [r.failure];
  const figures = expectedFigures(want);
  const out: string[] = [];
  const states = [
    ["run 1", r.run1],
    ["run 2", r.run2],
    ["after save + reload", r.reloaded],
    ...(wantRestart ? [["after Restart & Run All", r.restarted] as const] : []),
  ] as const;
  for (const [label, s] of states) {
    if (!s) {
      out.push(`${label}: no state`);
      continue;
    }
    if (label !== "after save + reload" && s.kernel !== "deno") {
      out.push(`${label}: kernel ${s.kernel}`);
    }
    if (s.errors.length) {
      out.push(
        `${label}: error outputs in cells ${s.errors.map((i) => i + 1)}: ${
          s.errorText.join("; ")
        }`,
      );
    }
    if (s.unnumbered) out.push(`${label}: ${s.unnumbered} code cells not run`);
    if (s.drawn < figures) {
      out.push(`${label}: ${s.drawn} of ${figures} figures drawn`);
    }
    if (s.missingNote) {
      out.push(`${label}: ${s.missingNote} "plotly.js missing" notes`);
    }
    for (const p of cellProblems(want, s.perCell ?? [])) {
      out.push(`${label}: ${p}`);
    }
    (s.perCell ?? []).forEach((c, i) => {
      const declared = want[i]?.shows.figures ?? 0;
      if (c.drawn < declared) {
        out.push(
          `${label}: cell ${i + 1}: ${c.drawn} of ${declared} figures drawn`,
        );
      }
    });
  }
  // Debian's notebook config enables the widgets nbextension without
  // shipping it: those 404s are the server's, not our outputs'. The
  // beforeunload notice comes from the check's own reload of the page.
  const ours = (r.console_errors ?? []).filter((e) =>
    !/favicon|kernelspecs\/.*logo|nbextensions\/|'beforeunload'/.test(e)
  );
  if (ours.length) out.push(`console errors: ${ours.join(" | ")}`);
  return out;
}

async function copyNotebook(path: string): Promise<string> {
  const target = join(UI_DIR, "work", path);
  await Deno.mkdir(dirname(target), { recursive: true });
  await Deno.copyFile(join(ROOT, path), target);
  return join("build", "ui", "work", path);
}

async function main(): Promise<number> {
  const args = [...Deno.args];
  const paths = args.filter((a) => !a.startsWith("--"));
  const unknown = args.filter((a) =>
    a.startsWith("--") && a !== "--interrupt" && a !== "--no-interrupt"
  );
  if (unknown.length) {
    throw new Error(
      `Unknown option ${
        unknown[0]
      }; use --interrupt, --no-interrupt or notebook paths.`,
    );
  }
  const chosen = paths.length
    ? paths.map((p) => relative(ROOT, resolve(Deno.cwd(), p)))
    : DEFAULT_UI_NOTEBOOKS;
  const interrupt = args.includes("--interrupt") ||
    (!paths.length && !args.includes("--no-interrupt"));
  const python = await requireJupyter();
  await Deno.remove(join(UI_DIR, "work"), { recursive: true }).catch(() => {});
  const dirs = ["home", "config", "runtime", "data"].map((d) =>
    join(UI_DIR, d)
  );
  for (const d of dirs) await Deno.mkdir(d, { recursive: true });
  const [home, config, runtime, data] = dirs;
  await writeKernelspec(data);
  await Deno.mkdir(SHOTS, { recursive: true });
  const notebooks = [];
  for (const p of chosen) {
    const cells = cellExpectations(join(ROOT, p));
    notebooks.push({
      cells,
      figures: expectedFigures(cells),
      source: p,
      path: await copyNotebook(p),
    });
  }
  const port = freePort();
  const token = crypto.randomUUID().replaceAll("-", "");
  const env = pythonEnv({
    HOME: home,
    JUPYTER_CONFIG_DIR: config,
    JUPYTER_RUNTIME_DIR: runtime,
    JUPYTER_DATA_DIR: data,
    JUPYTER_PATH: data,
    CNN_QUICK: "1",
    // The private HOME must not hide the user's Deno cache: with an empty
    // one the kernel would fetch every npm package again.
    DENO_DIR: Deno.env.get("DENO_DIR") ??
      join(Deno.env.get("HOME") ?? "/root", ".cache", "deno"),
  });
  const started = Date.now();
  const server = new Deno.Command(python, {
    args: [
      "-m",
      "notebook",
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      `--NotebookApp.token=${token}`,
      `--notebook-dir=${ROOT}`,
      ...(Deno.uid() === 0 ? ["--allow-root"] : []),
    ],
    env,
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const serverLog = new Response(server.stderr).text();
  const base = `http://127.0.0.1:${port}/`;
  let code = 1;
  try {
    await waitForServer(base, token);
    const job = {
      base,
      token,
      shots: SHOTS,
      timeout: 900,
      // Restart & Run All once, on the first notebook: the kernel starts
      // afresh under a page whose outputs came from the saved file.
      notebooks: notebooks.map((n, i) => ({
        path: n.path,
        figures: n.figures,
        restart: i === 0,
      })),
      interrupt: interrupt ? await copyNotebook(INTERRUPT_NOTEBOOK) : null,
    };
    const child = await startPythonJob({
      python,
      args: [join(ROOT, "tools", "ui", "ui_driver.py")],
      env: pythonEnv(),
      job,
      stderr: "inherit",
    });
    const records: Record<string, unknown>[] = [];
    for await (const rec of jsonLines(child.stdout)) records.push(rec);
    const driver = await child.status;
    let failures = 0;
    let i = 0;
    for (const rec of records) {
      if (rec.event === "interrupt") {
        const { errors, one_plus_one } = rec as {
          errors?: unknown;
          one_plus_one?: unknown;
        };
        const ok = Array.isArray(errors) &&
          errors.includes("KeyboardInterrupt") && one_plus_one === "2";
        console.log(
          `interrupt during fit (${INTERRUPT_NOTEBOOK}): ${
            ok ? "ok" : "FAILED"
          } ${JSON.stringify(rec)}`,
        );
        if (!ok) failures++;
        continue;
      }
      const spec = notebooks[i++];
      const ui = rec as unknown as UiRecord;
      const problems = uiProblems(
        ui,
        spec.cells,
        spec === notebooks[0],
      );
      const s = ui.run1;
      console.log(
        `${spec.source}: ${problems.length ? "FAILED" : "ok"} (${
          s?.cells ?? "?"
        } code cells, ` +
          `${s?.drawn ?? "?"}/${spec.figures} figures, reloaded ${
            ui.reloaded?.drawn ?? "?"
          })`,
      );
      for (const p of problems) console.log(`  ${p}`);
      if (problems.length) failures++;
    }
    // A driver that crashed after its last record still fails the check.
    if (!driver.success && failures === 0) {
      console.log(`ui_driver.py exited with code ${driver.code}`);
      failures++;
    }
    if (i < notebooks.length) {
      console.log(
        `ui_driver.py stopped after ${i} of ${notebooks.length} notebooks`,
      );
      failures++;
    }
    console.log(
      `check:ui: ${notebooks.length} notebooks, ${failures} failed, ${
        ((Date.now() - started) / 1000).toFixed(0)
      } s; screenshots in build/screenshots/ui/`,
    );
    code = failures ? 1 : 0;
  } finally {
    await stop(server);
    if (code !== 0) {
      console.error((await serverLog).split("\n").slice(-20).join("\n"));
    }
  }
  return code;
}

async function waitForServer(base: string, token: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${base}api/status?token=${token}`);
      await r.body?.cancel();
      if (r.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("jupyter-notebook did not answer on 127.0.0.1 within 60 s");
}

async function stop(server: Deno.ChildProcess): Promise<void> {
  try {
    server.kill("SIGTERM");
  } catch {
    return; // already gone
  }
  const done = server.status.then(() => true);
  const late = new Promise<boolean>((r) => setTimeout(() => r(false), 15_000));
  if (!(await Promise.race([done, late]))) {
    try {
      server.kill("SIGKILL");
    } catch {
      // exited meanwhile
    }
    await server.status;
  }
}

if (import.meta.main) await runCli(main);
