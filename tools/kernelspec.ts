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
 * `lib/training/interrupt.ts`). `NO_COLOR=1` keeps ANSI colour codes out of
 * text outputs (they would show as garbage in HTML).
 *
 * @module
 */

import { dirname, join } from "node:path";

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
    display_name: "Deno",
    language: "typescript",
  });
}

/** Writes `text` to `path` through a temp file in the same folder and a rename. */
export async function writeFileAtomic(
  path: string,
  text: string,
): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const tmp = await Deno.makeTempFile({
    dir: dirname(path),
    prefix: ".tmp-",
  });
  try {
    await Deno.writeTextFile(tmp, text);
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/**
 * Writes a Deno kernelspec as `<dataDir>/kernels/deno/kernel.json`, where
 * `dataDir` is meant for `JUPYTER_PATH`. Returns the kernel.json path.
 */
export async function writeKernelspec(
  dataDir: string,
  spec: KernelSpec = denoKernelSpec(),
): Promise<string> {
  const path = join(dataDir, "kernels", "deno", "kernel.json");
  await writeFileAtomic(path, JSON.stringify(spec, null, 2) + "\n");
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
 * it wrote, atomically.
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
  const spec = courseKernelSpec(
    JSON.parse(await Deno.readTextFile(path)) as KernelSpec,
  );
  await writeFileAtomic(path, JSON.stringify(spec, null, 2) + "\n");
  return { dir, spec };
}
