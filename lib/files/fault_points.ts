/**
 * Named crash points in the code that writes files, for fault-injection
 * tests: when `CNN_FAULT_AT` names a point, the process kills itself there
 * with SIGKILL (no `finally`, no flush), exactly like a kernel restart or a
 * power cut at that instant. Unset (always, outside tests) it does nothing.
 *
 * @module
 */

let wanted: string | null | undefined;

function faultTarget(): string | null {
  if (wanted !== undefined) return wanted;
  try {
    wanted = Deno.env.get("CNN_FAULT_AT") ?? null;
  } catch {
    wanted = null; // no env permission: never inject
  }
  return wanted;
}

/**
 * Marks a boundary between two file operations, e.g. `save:after-rename-json`.
 * Kills the process at once when `CNN_FAULT_AT` equals `name`.
 */
export function faultPoint(name: string): void {
  if (faultTarget() === name) Deno.kill(Deno.pid, "SIGKILL");
}
