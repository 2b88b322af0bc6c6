/**
 * Executes notebooks headless on the Deno kernel through Jupyter's nbclient
 * (tools/notebooks/execute.py) and reports, per notebook, whether every cell ran —
 * or the notebook, cell and error of the first failure.
 *
 * @example
 * ```ts
 * const [r] = await executeNotebooks(["notebooks/01_datos.ipynb"]);
 * if (!r.ok) console.error(describeFailure(r));
 * const nb = await r.notebook(); // the executed copy, to assert on outputs
 * ```
 *
 * @module
 */

import { join } from "node:path";
import { executedPath, type Notebook, readNotebook, ROOT } from "./files.ts";
import { pythonEnv, requireJupyter } from "./jupyter_env.ts";
import { writeKernelspec } from "./kernelspec.ts";
import { jsonLines, startPythonJob } from "./python_job.ts";
import { executionStamp, sharedInputs } from "./execution_cache.ts";
import { quickMode } from "../../lib/course/quick_flag.ts";

/** An interrupt sent while a cell runs (to test that the kernel survives). */
export interface InterruptPlan {
  /** Index of the cell (0-based, among all cells). */
  cell: number;
  /** Seconds after the cell starts. */
  afterS: number;
  /** Seconds to wait for the kernel's reply after the interrupt (default 15). */
  replyTimeoutS?: number;
}

/** Options of {@link executeNotebooks}. */
export interface ExecuteOptions {
  /** Where each executed copy goes (default `build/executed/<path>`). */
  outputPath?: (source: string) => string;
  /** Per-cell timeout in seconds (default 1800). */
  timeoutS?: number;
  /** How long to keep reading outputs after a cell reports idle (default 500 ms). */
  lateMs?: number;
  /** `true`/`false` sets `CNN_QUICK`; left out, the caller's environment decides. */
  quick?: boolean;
  /** Extra environment for the kernel. */
  env?: Record<string, string>;
  /** Interrupts to send during given cells. */
  interrupts?: InterruptPlan[];
  /** Stop after the first failing notebook. */
  stopOnFailure?: boolean;
  /** Called for every cell that finished and every notebook that ended. */
  onEvent?: (event: ExecuteEvent) => void;
}

/** Progress event from the executor. */
export type ExecuteEvent =
  | {
    event: "cell_start";
    notebook: string;
    /** Index among all cells. */
    cell: number;
    /** 1-based position among the code cells. */
    code_cell: number;
    code_cells: number;
  }
  | { event: "output"; notebook: string; cell: number; text: string }
  | { event: "cell"; notebook: string; cell: number; status: string }
  | { event: "notebook"; source: string; ok: boolean; seconds: number };

/** What went wrong in a notebook. */
export interface CellFailure {
  /** `error` (the cell failed), `timeout`, `dead-kernel`, or `kernel` (did not start). */
  kind: "error" | "timeout" | "dead-kernel" | "kernel";
  /** 0-based index of the failing cell among all cells, if known. */
  cell: number | null;
  /** The failing cell's code. */
  source?: string;
  ename?: string | null;
  evalue?: string | null;
  traceback?: string[];
  /** True when the kernel said "failed" with no error output (syntax errors). */
  no_error_output?: boolean;
  /** The syntax error found in the cell's code, when that was the cause. */
  syntax?: string;
  message: string;
}

/** Record of an interrupt sent by {@link InterruptPlan}. */
export interface InterruptRecord {
  cell: number;
  interrupt_sent: boolean;
  /** `error` when the kernel stopped the cell, `ok` if it finished anyway, `no-reply` if it hung. */
  status: "ok" | "error" | "no-reply";
  seconds_to_stop: number;
}

/** The outcome for one notebook. */
export interface NotebookResult {
  source: string;
  output: string;
  ok: boolean;
  seconds: number;
  /** The kernel's peak resident memory, MiB (peak_rss.py); undefined off Linux. */
  peakRssMiB?: number;
  failure?: CellFailure;
  interrupts: InterruptRecord[];
  /** Reads the executed copy. */
  notebook(): Promise<Notebook>;
}

const EXECUTOR = join(ROOT, "tools", "notebooks", "execute.py");
const KERNEL_DATA_DIR = join(ROOT, "build", "jupyter");

/**
 * Runs each notebook on a fresh Deno kernel, in order, and writes the
 * executed copies (never over the sources). Throws `JupyterMissingError`
 * when Jupyter is not installed.
 */
export async function executeNotebooks(
  sources: string[],
  options: ExecuteOptions = {},
): Promise<NotebookResult[]> {
  const python = await requireJupyter();
  // A private kernelspec keeps the run independent of what the user installed.
  await writeKernelspec(KERNEL_DATA_DIR);
  const outputPath = options.outputPath ?? ((s: string) => executedPath(s));
  const quick = options.quick ?? quickMode(options.env?.CNN_QUICK);
  const shared = await sharedInputs(quick);
  const job = {
    notebooks: await Promise.all(sources.map(async (source) => {
      const output = outputPath(source);
      if (output === source) {
        throw new Error(`refusing to write the executed copy over ${source}`);
      }
      return { source, output, stamp: await executionStamp(source, shared) };
    })),
    kernel: "deno",
    timeout: options.timeoutS ?? 1800,
    startup_timeout: 120,
    late_ms: options.lateMs ?? 500,
    stop_on_failure: options.stopOnFailure ?? false,
    interrupts: (options.interrupts ?? []).map((i) => ({
      cell: i.cell,
      after_s: i.afterS,
      reply_timeout_s: i.replyTimeoutS ?? 15,
    })),
  };
  const env: Record<string, string> = pythonEnv({
    JUPYTER_PATH: KERNEL_DATA_DIR,
    ...(options.env ?? {}),
  });
  if (options.quick !== undefined) env.CNN_QUICK = options.quick ? "1" : "0";

  const child = await startPythonJob({
    python,
    args: ["-Xfrozen_modules=off", EXECUTOR],
    env,
    job,
    stderr: "piped",
  });
  const stderrText = new Response(child.stderr).text();
  const results: NotebookResult[] = [];
  for await (const event of jsonLines(child.stdout)) {
    if (event.event === "notebook") {
      const result = toResult(event);
      if (result.failure?.no_error_output && result.failure.source) {
        result.failure.syntax = await findSyntaxError(result.failure.source);
      }
      results.push(result);
    }
    options.onEvent?.(event as ExecuteEvent);
  }
  const status = await child.status;
  const stderr = await stderrText;
  if (results.length === 0 && !status.success) {
    throw new Error(
      `the notebook executor failed before running anything:\n${
        stderr.trim().split("\n").slice(-15).join("\n")
      }`,
    );
  }
  return results;
}

function toResult(event: Record<string, unknown>): NotebookResult {
  const output = event.output as string;
  return {
    source: event.source as string,
    output,
    ok: event.ok as boolean,
    seconds: event.seconds as number,
    peakRssMiB: typeof event.peak_rss_mib === "number"
      ? event.peak_rss_mib
      : undefined,
    failure: event.failure as CellFailure | undefined,
    interrupts: (event.interrupts ?? []) as InterruptRecord[],
    notebook: () => readNotebook(output),
  };
}

/** Runs one notebook; see {@link executeNotebooks}. */
export async function executeNotebook(
  source: string,
  options: ExecuteOptions = {},
): Promise<NotebookResult> {
  const [result] = await executeNotebooks([source], options);
  return result;
}

/**
 * Finds a syntax error in a cell's code with `deno fmt`'s parser (the Deno
 * kernel reports syntax errors with no message at all). Returns e.g.
 * `SyntaxError: Expression expected at line 1, column 11`, or undefined.
 */
export async function findSyntaxError(
  code: string,
): Promise<string | undefined> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--no-config", "--ext", "ts", "-"],
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(code));
  await writer.close();
  const { success, stderr } = await child.output();
  if (success) return undefined;
  const text = new TextDecoder().decode(stderr);
  const message = /error: (\w*Error: .+)/.exec(text)?.[1];
  const where = /_stdin\.ts:(\d+):(\d+)/.exec(text);
  if (!message) return undefined;
  return where ? `${message} at line ${where[1]}, column ${where[2]}` : message;
}

/**
 * One readable paragraph for a failed notebook: the notebook, the cell
 * number (1-based, as counted in the editor), the first line of its code and
 * the error.
 */
export function describeFailure(result: NotebookResult): string {
  const f = result.failure;
  if (!f) return `${result.source}: ok`;
  const where = f.cell === null ? "" : `, cell ${f.cell + 1}`;
  const firstLine = (f.source ?? "").split("\n").find((l) => l.trim()) ?? "";
  const code = firstLine ? ` (\`${firstLine.trim().slice(0, 80)}\`)` : "";
  let what: string;
  if (f.kind === "timeout") {
    what = `timed out: ${lastLine(f.message)}`;
  } else if (f.kind === "dead-kernel") {
    what = "the kernel died (out of memory or crashed)";
  } else if (f.kind === "kernel") {
    what = `the kernel did not start: ${f.message}`;
  } else if (f.ename) {
    const trace = (f.traceback ?? []).slice(1, 4).map((l) => `\n    ${l}`)
      .join("");
    what = `${f.ename}: ${f.evalue}${trace}`;
  } else if (f.syntax) {
    what = f.syntax;
  } else {
    what =
      "the kernel reported a failure without any message (Deno's kernel does this for errors it cannot describe)";
  }
  return `${result.source}${where}${code}: ${what}\n  executed copy: ${result.output}`;
}

function lastLine(text: string): string {
  return text.trim().split("\n").filter((l) => l.trim()).at(-1) ?? text;
}
