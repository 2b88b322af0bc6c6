/**
 * `deno task check:ui`: the course in Debian's classic Jupyter Notebook 6.4,
 * driven by headless Chromium through Selenium (tools/ui_check.py).
 *
 *     deno task check:ui [--interrupt] [NOTEBOOK...]
 *
 * Starts `jupyter-notebook` on 127.0.0.1 with a random token and private
 * config, runtime, data and home folders under `build/ui/`, with the course
 * kernelspec (routing proxy) on `JUPYTER_PATH`. Works on copies of the
 * notebooks under `build/ui/work/` (Run All + save must never touch the
 * committed, output-free notebooks). Per notebook, in quick mode: Cell ▸ Run
 * All, the kernel is Deno, no error output, every code cell numbered, the
 * expected plotly figures drawn (`.main-svg`), the digit titled 8 where
 * declared, no console errors; then a second Run All, save and reload:
 * the figures still draw. `--interrupt` also interrupts a full-data `fit` and
 * checks `KeyboardInterrupt`, then `1 + 1` → 2. Screenshots go to
 * `build/screenshots/ui/`. Stops the server it started, by PID.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { ROOT } from "./notebook_files.ts";
import { pythonEnv, requireJupyter, runCli } from "./jupyter_env.ts";
import { writeKernelspec } from "./kernelspec.ts";
import { UI_EXPECTATIONS, type UiExpectation } from "./ui_expectations.ts";

const UI_DIR = join(ROOT, "build", "ui");
const SHOTS = join(ROOT, "build", "screenshots", "ui");

/** What the browser saw after one Run All (from ui_check.py). */
export interface UiState {
  kernel: string;
  kernelDisplay: string;
  unnumbered: number;
  errors: number[];
  errorText: string[];
  cells: number;
  figures: number;
  drawn: number;
  titles: string[];
  missingNote: number;
}

/** One notebook's record. */
export interface UiRecord {
  path: string;
  run1?: UiState;
  run2?: UiState;
  reloaded?: UiState;
  console_errors?: string[];
  failure?: string;
}

/** The problems found in one record (empty: the notebook passed). */
export function uiProblems(r: UiRecord, want: UiExpectation): string[] {
  if (r.failure) return [r.failure];
  const out: string[] = [];
  for (const [label, s] of [["run 1", r.run1], ["run 2", r.run2]] as const) {
    if (!s) {
      out.push(`${label}: no state`);
      continue;
    }
    if (s.kernel !== "deno") out.push(`${label}: kernel ${s.kernel}`);
    if (s.errors.length) {
      out.push(
        `${label}: error outputs in cells ${s.errors.map((i) => i + 1)}: ${
          s.errorText.join("; ")
        }`,
      );
    }
    if (s.unnumbered) out.push(`${label}: ${s.unnumbered} code cells not run`);
    if (s.drawn < want.figures) {
      out.push(`${label}: ${s.drawn} of ${want.figures} figures drawn`);
    }
    if (want.digit8 && !s.titles.includes("8")) {
      out.push(
        `${label}: no figure titled 8 (titles ${JSON.stringify(s.titles)})`,
      );
    }
  }
  const re = r.reloaded;
  if (!re || re.drawn < want.figures) {
    out.push(
      `after save + reload: ${re?.drawn ?? 0} of ${want.figures} figures drawn`,
    );
  }
  if (re?.missingNote) {
    out.push(`after reload: ${re.missingNote} "plotly.js missing" notes`);
  }
  // Debian's notebook config enables the widgets nbextension without
  // shipping it: those 404s are the server's, not our outputs'.
  const ours = (r.console_errors ?? []).filter((e) =>
    !/favicon|kernelspecs\/.*logo|nbextensions\//.test(e)
  );
  if (ours.length) out.push(`console errors: ${ours.join(" | ")}`);
  return out;
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function copyNotebook(path: string): Promise<string> {
  const target = join(UI_DIR, "work", path);
  await Deno.mkdir(dirname(target), { recursive: true });
  await Deno.copyFile(join(ROOT, path), target);
  return join("build", "ui", "work", path);
}

async function main(): Promise<number> {
  const args = [...Deno.args];
  const interrupt = args.includes("--interrupt");
  const paths = args.filter((a) => !a.startsWith("--"));
  const chosen = paths.length ? paths : Object.keys(UI_EXPECTATIONS);
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
    notebooks.push({
      ...(UI_EXPECTATIONS[p] ?? { figures: 0 }),
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
      notebooks: notebooks.map((n) => ({
        path: n.path,
        figures: n.figures,
        digit8: n.digit8 ?? false,
      })),
      interrupt: interrupt
        ? await copyNotebook("notebooks/02_lenet.ipynb")
        : null,
    };
    const child = new Deno.Command(python, {
      args: [join(ROOT, "tools", "ui_check.py")],
      env: pythonEnv(),
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(JSON.stringify(job)));
    await w.close();
    const out = await new Response(child.stdout).text();
    await child.status;
    let failures = 0;
    let i = 0;
    for (const line of out.split("\n").filter((l) => l.startsWith("{"))) {
      const rec = JSON.parse(line);
      if (rec.event === "interrupt") {
        const ok = rec.errors?.includes?.("KeyboardInterrupt") &&
          rec.one_plus_one === "2";
        console.log(
          `interrupt during fit (${notebooks.length ? "02_lenet" : ""}): ${
            ok ? "ok" : "FAILED"
          } ${JSON.stringify(rec)}`,
        );
        if (!ok) failures++;
        continue;
      }
      const spec = notebooks[i++];
      const problems = uiProblems(rec as UiRecord, spec);
      const s = (rec as UiRecord).run1;
      console.log(
        `${spec.source}: ${problems.length ? "FAILED" : "ok"} (${
          s?.cells ?? "?"
        } code cells, ` +
          `${s?.drawn ?? "?"}/${spec.figures} figures, reloaded ${
            (rec as UiRecord).reloaded?.drawn ?? "?"
          })`,
      );
      for (const p of problems) console.log(`  ${p}`);
      if (problems.length) failures++;
    }
    if (i < notebooks.length) {
      console.log(
        `ui_check.py stopped after ${i} of ${notebooks.length} notebooks`,
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
