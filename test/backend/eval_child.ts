/**
 * Test helper: runs `code` in a fresh Deno process (the backend choice is
 * cached per process) with `tf` and `useBestBackend` imported, and returns
 * whether it succeeded and what it printed.
 *
 * @module
 */

const root = new URL("../../", import.meta.url).pathname;

/** What the child printed. */
export interface ChildResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Runs `code` with exactly `env` added to the child's environment. */
export async function evalWithBackend(
  code: string,
  env: Record<string, string>,
): Promise<ChildResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      "--config",
      `${root}deno.json`,
      `import * as tf from "@tensorflow/tfjs";
      import { useBestBackend } from "${root}lib/backend/select.ts";
      ${code}`,
    ],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return {
    ok: out.success,
    stdout: dec.decode(out.stdout),
    stderr: dec.decode(out.stderr),
  };
}
