/**
 * The check that a model folder path is usable. Joining paths is
 * `node:path`'s `join` (built into Deno; no `@std/path`, since JSR may be
 * unreachable where the course runs).
 *
 * @module
 */
import { KerasError } from "./errors.ts";

/**
 * Throws unless `dir` is a non-blank string: `""` would otherwise save into
 * (or load from) the current folder without anyone having said so.
 *
 * @param fn the call, for the message, e.g. `model.save`
 */
export function checkModelPath(fn: string, dir: unknown): string {
  if (typeof dir !== "string" || dir.trim() === "") {
    throw new KerasError(
      `${fn}(${JSON.stringify(dir) ?? String(dir)}): the model folder path is ${
        typeof dir === "string" ? "empty" : `a ${typeof dir}, not a string`
      }. Pass a folder name such as "./saved/lenet" (it is created if needed).`,
    );
  }
  return dir;
}
