/**
 * Minimal path joining for the save folder (no `@std/path`: JSR may be
 * unreachable where the course runs).
 *
 * @module
 */

/** Joins a folder and a file name with one separator. */
export function join(dir: string, file: string): string {
  return dir.endsWith("/") || dir.endsWith("\\")
    ? dir + file
    : `${dir}/${file}`;
}
