/**
 * Minimal path handling for the save folder (no `@std/path`: JSR may be
 * unreachable where the course runs), and the check that a path is usable.
 *
 * @module
 */
import { KerasError } from "./errors.ts";

/** Joins a folder and a file name with one separator. */
export function join(dir: string, file: string): string {
  return dir.endsWith("/") || dir.endsWith("\\")
    ? dir + file
    : `${dir}/${file}`;
}

/**
 * Throws unless `dir` is a non-blank string: `""` would otherwise resolve to
 * the file-system root (`"" + "/model.json"`).
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
