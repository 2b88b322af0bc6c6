/**
 * `deno run -A tools/setup/main.ts COMMAND`: installs, once, what COMMAND
 * (`test`, `course`, `ui`, …; see `COMMAND_NEEDS`) needs and the machine
 * lacks, or stops with one line saying what to run. Prints nothing when
 * everything is there.
 *
 * @module
 */

import { runCli } from "../notebooks/jupyter_env.ts";
import { systemHost } from "./host.ts";
import { ensureRequirements } from "./install.ts";
import { COMMAND_NEEDS } from "./requirements.ts";

/** Ensures the requirements of `command` on this machine. */
export async function ensureFor(command: string): Promise<void> {
  const needs = COMMAND_NEEDS[command];
  if (!needs) {
    throw new Error(
      `unknown command ${command}; use one of ${
        Object.keys(COMMAND_NEEDS).join(", ")
      }`,
    );
  }
  await ensureRequirements(systemHost(), needs);
}

if (import.meta.main) {
  await runCli(async () => {
    await ensureFor(Deno.args[0] ?? "");
    return 0;
  });
}
