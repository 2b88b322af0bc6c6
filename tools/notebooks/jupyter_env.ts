/**
 * Locating the Python that has Jupyter (nbclient, nbconvert), and the CLI
 * wrapper of the course's commands.
 *
 * The interpreter is searched, not assumed (tools/setup/requirements.ts):
 * `CNN_PYTHON` when set, else the project's `.venv`, the Python behind a
 * `jupyter` on PATH (JupyterLab from pip or conda), Debian's
 * `/usr/bin/python3`, then `python3` on PATH — a pyenv or conda `python3`
 * earlier on PATH often lacks the Jupyter packages that Debian's has.
 *
 * @module
 */

import { systemHost } from "../setup/host.ts";
import { findPython } from "../setup/requirements.ts";

/** The one line printed when Jupyter is missing and nothing installed it. */
export const JUPYTER_INSTALL_HINT =
  "Jupyter is missing: install it with `sudo apt-get install -y jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel` (Debian/Ubuntu) or `python3 -m pip install nbclient nbconvert jupyter_client ipykernel`, then run the command again.";

/** Raised when no Python with nbclient and nbconvert is found. */
export class JupyterMissingError extends Error {
  /** @param python the interpreters that were tried */
  constructor(readonly python: string) {
    super(JUPYTER_INSTALL_HINT);
    this.name = "JupyterMissingError";
  }
}

let found: Promise<string | undefined> | undefined;

/**
 * The Python that imports nbclient, nbconvert, nbformat and jupyter_client
 * (searched once per process); throws {@link JupyterMissingError} when none
 * does.
 */
export async function requireJupyter(): Promise<string> {
  found ??= findPython(systemHost());
  const python = await found;
  if (python) return python;
  found = undefined; // an install may follow: search again next time
  throw new JupyterMissingError(Deno.env.get("CNN_PYTHON") ?? "python3");
}

/**
 * Runs a command-line `main` and exits with its code. Errors (Jupyter
 * missing, bad arguments, a stale build) are printed as `error: <message>`
 * without a stack trace; set `CNN_DEBUG=1` to see the stack.
 */
export async function runCli(main: () => Promise<number>): Promise<never> {
  let code: number;
  try {
    code = await main();
  } catch (e) {
    if (Deno.env.get("CNN_DEBUG") === "1") throw e;
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    Deno.exit(1);
  }
  Deno.exit(code);
}

/** Environment for Python subprocesses: no debugger noise from frozen modules. */
export function pythonEnv(
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
    PYTHONWARNINGS: "ignore",
    ...extra,
  };
}
