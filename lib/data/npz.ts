/**
 * Reader for numpy `.npz` archives (a zip of `.npy` files), as Keras's
 * `mnist.npz`. Unzipping is done by `fflate`; only the `.npy` header is parsed here.
 *
 * @module
 */
import { unzipSync } from "fflate";
import { DataError } from "./errors.ts";
import { type NpyArray, parseNpy } from "./npy.ts";

/**
 * Reads the named arrays from an `.npz` archive.
 *
 * @param bytes the whole `.npz` file
 * @param file its path, for messages
 * @param names array names without `.npy`, e.g. `["x_train", "y_train"]`
 * @param remedy what the user should do if the archive is bad
 * @returns each requested array by name
 * @throws {DataError} if the archive is corrupt, truncated, or lacks an array
 *
 * @example
 * ```ts
 * const { x_train } = readNpz(bytes, "data/mnist.npz", ["x_train"], "Delete it and rerun.");
 * ```
 */
export function readNpz<K extends string>(
  bytes: Uint8Array,
  file: string,
  names: readonly K[],
  remedy: string,
): Record<K, NpyArray> {
  const wanted = new Set(names.map((n) => `${n}.npy`));
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes, { filter: (f) => wanted.has(f.name) });
  } catch (e) {
    throw new DataError(
      file,
      `${file} is not a readable .npz (zip) archive: ${
        (e as Error).message
      }. ` +
        `It is probably truncated or corrupt. ${remedy}`,
      { cause: e },
    );
  }
  const out = {} as Record<K, NpyArray>;
  for (const name of names) {
    const member = members[`${name}.npy`];
    if (!member) {
      throw new DataError(
        file,
        `${file} has no array '${name}' (expected ${
          names.map((n) => `${n}.npy`).join(", ")
        }). ` +
          remedy,
      );
    }
    out[name] = parseNpy(member, `${file}:${name}.npy`, remedy);
  }
  return out;
}
