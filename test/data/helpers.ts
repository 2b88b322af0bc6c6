/**
 * Shared helpers of the data tests: IDX file builders and temp folders.
 *
 * @module
 */
import { join } from "node:path";

/** Folder of the committed reference fixtures. */
export const FIXTURES = new URL("./fixtures/", import.meta.url);

/** Bytes of a valid IDX unsigned-byte file with the given shape and values `fill(i)`. */
export function makeIdx(
  shape: number[],
  fill: (i: number) => number = (i) => i % 256,
): Uint8Array {
  const header = 4 + 4 * shape.length;
  const count = shape.reduce((a, b) => a * b, 1);
  const bytes = new Uint8Array(header + count);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x0800 | shape.length, false);
  shape.forEach((s, d) => view.setUint32(4 + 4 * d, s, false));
  for (let i = 0; i < count; i++) bytes[header + i] = fill(i);
  return bytes;
}

/** Writes a tiny but valid set of the four MNIST IDX files (3 train, 2 test images) into `dir`. */
export async function writeTinyIdxSet(dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeFile(
    join(dir, "train-images-idx3-ubyte"),
    makeIdx([3, 28, 28]),
  );
  await Deno.writeFile(
    join(dir, "train-labels-idx1-ubyte"),
    makeIdx([3], (i) => [7, 1, 4][i]),
  );
  await Deno.writeFile(
    join(dir, "t10k-images-idx3-ubyte"),
    makeIdx([2, 28, 28], (i) => 255 - (i % 256)),
  );
  await Deno.writeFile(
    join(dir, "t10k-labels-idx1-ubyte"),
    makeIdx([2], (i) => [2, 9][i]),
  );
}

/** Runs `fn` with a fresh temp folder that is removed afterwards. */
export async function withTempDir<T>(
  fn: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "cnn-data-test-" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Names of the entries of `dir`, sorted. */
export async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  return names.sort();
}
