/**
 * Whether the course runs in quick mode (`CNN_QUICK=1`): the flag alone, in
 * its own file so the course's tools (the executor, the execution cache)
 * read it exactly as the notebooks do without loading TensorFlow.js. What
 * quick mode does is in `quick.ts`.
 *
 * @module
 */

/**
 * True when `CNN_QUICK` is set to `1`/`true`: in this process's environment,
 * or in `value` (the tools pass a child's environment this way).
 */
export function quickMode(value: string | undefined = quickEnv()): boolean {
  return value === "1" || value?.toLowerCase() === "true";
}

function quickEnv(): string | undefined {
  try {
    return Deno.env.get("CNN_QUICK");
  } catch {
    // Without --allow-env the course runs in full mode.
    return undefined;
  }
}
