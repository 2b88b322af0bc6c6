/**
 * Shared paths for the tools' tests.
 *
 * @module
 */

import { join } from "node:path";
import { ROOT } from "../../tools/notebooks/files.ts";

/** Folder of the small notebooks the tools are tested on. */
export const FIXTURES = join(ROOT, "test", "tools", "fixtures");

/** Path of fixture notebook `name` (without `.ipynb`). */
export function fixture(name: string): string {
  return join(FIXTURES, `${name}.ipynb`);
}

/** A fresh temp folder, removed by the returned function. */
export async function tempDir(
  prefix: string,
): Promise<[string, () => Promise<void>]> {
  const dir = await Deno.makeTempDir({ prefix: `cnn-tools-${prefix}-` });
  return [dir, () => Deno.remove(dir, { recursive: true }).catch(() => {})];
}

/** Where executed copies of fixtures go inside `dir`. */
export function into(dir: string): (source: string) => string {
  return (source) => join(dir, source.split("/").pop()!);
}
