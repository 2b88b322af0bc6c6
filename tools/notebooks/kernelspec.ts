/**
 * The Deno kernelspec: installed for the editors (JupyterLab, VS Code) by
 * `deno task setup`, and written privately under `build/jupyter/` for the
 * headless executor.
 *
 * Interrupts: with `"interrupt_mode": "message"` Deno 2.9.6's kernel stops a
 * synchronous cell but never finishes a cell that is awaiting — `fit` always
 * is — and then stops answering (denoland/deno#24491). The course writes
 * `"interrupt_mode": "signal"` explicitly: Jupyter sends SIGINT, which the
 * lib (once imported) catches to stop `fit`/`evaluate`/`predict` at the next
 * batch with a `KeyboardInterrupt` error, keeping the kernel alive (see
 * `lib/host/interrupt.ts`). `NO_COLOR=1` keeps ANSI colour codes out of
 * text outputs (they would show as garbage in HTML).
 *
 * Output routing: Deno 2.9.6's kernel sometimes publishes a cell's output
 * after the cell's `idle`, under Run All even under the next cell's parent
 * id, so the Notebook UI shows it under the wrong cell
 * (docs/deno_kernel_late_output.md). When a Python with `jupyter_client` and
 * `zmq` is found, the kernelspec starts `kernel_proxy.py` (copied next to
 * kernel.json) around the Deno kernel: one execute request at a time, each
 * request's reply and `idle` forwarded once its outputs have drained. The
 * proxy passes SIGINT on, so interrupts keep working.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { systemHost } from "../setup/host.ts";
import { findPython } from "../setup/requirements.ts";
import { ROOT } from "./files.ts";
import { DENO_KERNELSPEC } from "./metadata.ts";
import { writeTextFileAtomic } from "../../lib/files/mod.ts";

/** The proxy kernel's source in the repository. */
export const PROXY_SOURCE = join(ROOT, "tools", "notebooks", "kernel_proxy.py");

/** File name of the proxy copied into each kernelspec folder. */
export const PROXY_FILE = "kernel_proxy.py";

/** The modules the proxy imports, copied next to it (from `tools/notebooks/`). */
export const PROXY_HELPERS = ["kernel_child.py", "kernel_wire_repair.py"];

/** The shape of a Jupyter `kernel.json`. */
export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode?: "signal" | "message";
  env?: Record<string, string>;
  [key: string]: unknown;
}

/** Adds what the course needs to a kernelspec, keeping everything else. */
export function courseKernelSpec(spec: KernelSpec): KernelSpec {
  return {
    ...spec,
    interrupt_mode: "signal",
    env: { ...(spec.env ?? {}), NO_COLOR: "1" },
  };
}

/** The kernelspec `deno jupyter --install` writes, for the given `deno` binary. */
export function denoKernelSpec(denoPath = Deno.execPath()): KernelSpec {
  return courseKernelSpec({
    argv: [denoPath, "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: DENO_KERNELSPEC.display_name,
    language: DENO_KERNELSPEC.language,
  });
}

/**
 * Wraps a Deno kernelspec in the routing proxy: `python proxyPath
 * {connection_file} -- <deno argv with {child_connection_file}>`.
 */
export function proxiedKernelSpec(
  spec: KernelSpec,
  python: string,
  proxyPath: string,
): KernelSpec {
  if (spec.argv.includes(proxyPath)) return spec;
  const child = spec.argv.map((a) =>
    a === "{connection_file}" ? "{child_connection_file}" : a
  );
  return {
    ...spec,
    argv: [python, proxyPath, "{connection_file}", "--", ...child],
  };
}

/**
 * The Python that can run the proxy (has `zmq` and `jupyter_client`), or
 * undefined. `CNN_PYTHON` first, then Debian's `/usr/bin/python3`, then
 * `python3`; `CNN_NO_PROXY=1` turns the proxy off.
 */
export async function proxyPython(): Promise<string | undefined> {
  if (Deno.env.get("CNN_NO_PROXY") === "1") return undefined;
  // The same interpreters the executor considers (the project's venv, the
  // Python behind `jupyter`, Debian's, …).
  return await findPython(systemHost(), ["zmq", "jupyter_client.session"]);
}

/**
 * Copies the proxy into a kernelspec folder (atomically) and returns the
 * kernelspec wrapped in it; the spec unchanged when no Python can run it.
 */
export async function withProxy(
  dir: string,
  spec: KernelSpec,
  python?: string,
): Promise<KernelSpec> {
  const py = python ?? await proxyPython();
  if (!py) return spec;
  for (const helper of PROXY_HELPERS) {
    await writeTextFileMakingFolder(
      join(dir, helper),
      await Deno.readTextFile(join(dirname(PROXY_SOURCE), helper)),
    );
  }
  const target = join(dir, PROXY_FILE);
  await writeTextFileMakingFolder(
    target,
    await Deno.readTextFile(PROXY_SOURCE),
  );
  return proxiedKernelSpec(spec, py, target);
}

/**
 * {@link writeTextFileAtomic} (temp file, fsync, rename), creating `path`'s
 * folder first.
 */
export async function writeTextFileMakingFolder(
  path: string,
  text: string,
): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  await writeTextFileAtomic(path, text);
}

/**
 * Writes a Deno kernelspec as `<dataDir>/kernels/<name>/kernel.json`, where
 * `dataDir` is meant for `JUPYTER_PATH`, wrapped in the routing proxy unless
 * `proxy` is false. Returns the kernel.json path.
 */
export async function writeKernelspec(
  dataDir: string,
  spec: KernelSpec = denoKernelSpec(),
  { proxy = true, name = "deno" }: { proxy?: boolean; name?: string } = {},
): Promise<string> {
  const dir = join(dataDir, "kernels", name);
  const final = proxy ? await withProxy(dir, spec) : spec;
  const path = join(dir, "kernel.json");
  await writeTextFileMakingFolder(path, JSON.stringify(final, null, 2) + "\n");
  return path;
}

/** Result of {@link installUserKernelspec}. */
export interface InstalledKernelspec {
  /** Folder holding kernel.json. */
  dir: string;
  /** The kernelspec as written. */
  spec: KernelSpec;
}

// deno prints: "Deno kernelspec installed successfully at /path/deno."
const INSTALLED_AT = /installed successfully at (.+?)\.?\s*$/m;

/**
 * Runs `deno jupyter --install --force` (so the editors find the kernel),
 * then adds `interrupt_mode: "signal"` and `NO_COLOR=1` to the kernel.json
 * it wrote and wraps it in the routing proxy (when a Python can run it),
 * atomically.
 *
 * @param env extra environment for `deno jupyter` (tests pass a temp `HOME`)
 */
export async function installUserKernelspec(
  env: Record<string, string> = {},
  denoPath = Deno.execPath(),
): Promise<InstalledKernelspec> {
  const out = await new Deno.Command(denoPath, {
    args: ["jupyter", "--install", "--force"],
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  if (!out.success) {
    throw new Error(
      `\`deno jupyter --install\` failed (exit ${out.code}):\n${text.trim()}`,
    );
  }
  const match = INSTALLED_AT.exec(text);
  if (!match) {
    throw new Error(
      `could not find where \`deno jupyter --install\` put the kernelspec; it said:\n${text.trim()}`,
    );
  }
  const dir = match[1].trim();
  const path = join(dir, "kernel.json");
  const spec = await withProxy(
    dir,
    courseKernelSpec(JSON.parse(await Deno.readTextFile(path)) as KernelSpec),
  );
  await writeTextFileMakingFolder(path, JSON.stringify(spec, null, 2) + "\n");
  return { dir, spec };
}
