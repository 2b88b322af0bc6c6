/**
 * Locating the Python that has Jupyter (nbclient, nbconvert) and saying in
 * one line how to install it when it is missing.
 *
 * Debian's `/usr/bin/python3` is preferred because a `python3` earlier on
 * PATH (pyenv, conda) often lacks the Jupyter packages. `CNN_PYTHON`
 * overrides both.
 *
 * @module
 */

/** The one line printed when Jupyter is missing. */
export const JUPYTER_INSTALL_HINT =
  "Jupyter is missing: install it with `sudo apt install jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel` (Debian/Ubuntu) or `pip install nbclient nbconvert ipykernel`, then run the command again.";

/** Raised when no Python with nbclient and nbconvert is found. */
export class JupyterMissingError extends Error {
  /** @param python the interpreter that was tried */
  constructor(readonly python: string) {
    super(JUPYTER_INSTALL_HINT);
    this.name = "JupyterMissingError";
  }
}

/** The Python interpreter used for Jupyter: `CNN_PYTHON`, else Debian's, else `python3`. */
export function pythonPath(): string {
  const fromEnv = Deno.env.get("CNN_PYTHON");
  if (fromEnv) return fromEnv;
  try {
    Deno.statSync("/usr/bin/python3");
    return "/usr/bin/python3";
  } catch {
    return "python3";
  }
}

/**
 * Throws {@link JupyterMissingError} unless `python` imports nbclient,
 * nbconvert and nbformat.
 */
export async function requireJupyter(python = pythonPath()): Promise<string> {
  try {
    const { success } = await new Deno.Command(python, {
      args: ["-c", "import nbclient, nbconvert, nbformat, jupyter_client"],
      stdout: "null",
      stderr: "null",
    }).output();
    if (success) return python;
  } catch {
    // The interpreter itself is missing: same advice.
  }
  throw new JupyterMissingError(python);
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
