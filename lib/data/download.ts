/**
 * Downloads a file with a progress bar into a temp file next to its
 * destination, checks its SHA-256, then renames it into place — so an
 * interrupted or corrupt download never leaves a file under the final name.
 *
 * @module
 */
import { basename, dirname } from "node:path";
import { DataError } from "./errors.ts";
import { sha256Hex } from "./checksum.ts";
import {
  ByteProgress,
  type ProgressSink,
  stderrProgressSink,
} from "./progress.ts";

/** Options for {@link downloadFile}. */
export interface DownloadOptions {
  /** Expected lowercase hex SHA-256, or `null` to skip the check. */
  sha256: string | null;
  /** `fetch` to use (tests inject one); defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Progress sink, or `false` for silence. Default: {@link stderrProgressSink}. */
  progress?: ProgressSink | false;
  /** Advice appended to every error message (e.g. where to put the file by hand). */
  remedy?: string;
}

/**
 * Downloads `url` to `dest` (creating its folder) and returns the bytes.
 * Prints `Downloading data from <url>` and a Keras progress bar.
 *
 * @throws {DataError} when the server cannot be reached, answers an HTTP
 *   error, the connection drops half-way, or the SHA-256 does not match.
 *   In every case no file is left at `dest` (nor a temp file).
 *
 * @example
 * ```ts
 * const bytes = await downloadFile(url, "data/mnist.npz", { sha256: MNIST_NPZ_SHA256 });
 * ```
 */
export async function downloadFile(
  url: string,
  dest: string,
  options: DownloadOptions,
): Promise<Uint8Array> {
  const doFetch = options.fetch ?? fetch;
  const remedy = options.remedy ? ` ${options.remedy}` : "";
  const sink = options.progress === false
    ? undefined
    : options.progress ?? stderrProgressSink();
  sink?.(`Downloading data from ${url}`, true);

  let response: Response;
  try {
    response = await doFetch(url);
  } catch (e) {
    throw new DataError(
      url,
      `Could not download ${url}: ${(e as Error).message}. ` +
        `Check your internet connection.${remedy}`,
      { cause: e },
    );
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new DataError(
      url,
      `Could not download ${url}: the server answered HTTP ${response.status} ${response.statusText}, expected 200 with the file.${remedy}`,
    );
  }
  const lengthHeader = response.headers.get("content-length");
  const total = lengthHeader !== null && /^\d+$/.test(lengthHeader)
    ? Number(lengthHeader)
    : null;

  await Deno.mkdir(dirname(dest), { recursive: true });
  const tmp = await Deno.makeTempFile({
    dir: dirname(dest),
    prefix: `${basename(dest)}.`,
    suffix: ".part",
  });
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    const progress = sink ? new ByteProgress(sink, total) : undefined;
    const file = await Deno.open(tmp, { write: true, truncate: true });
    try {
      for await (const chunk of response.body) {
        await writeAll(file, chunk);
        chunks.push(chunk);
        received += chunk.length;
        progress?.add(chunk.length);
      }
    } catch (e) {
      throw new DataError(
        url,
        `Download of ${url} was interrupted after ${received}` +
          `${total === null ? "" : ` of ${total}`} bytes (${
            (e as Error).message
          }); ` +
          `nothing was saved as ${dest}. Run it again to retry.${remedy}`,
        { cause: e },
      );
    } finally {
      file.close();
    }
    if (total !== null && received !== total) {
      throw new DataError(
        url,
        `Download of ${url} ended after ${received} of ${total} bytes; ` +
          `nothing was saved as ${dest}. Run it again to retry.${remedy}`,
      );
    }
    progress?.done();
    const bytes = concat(chunks, received);
    if (options.sha256 !== null) {
      const actual = await sha256Hex(bytes);
      if (actual !== options.sha256.toLowerCase()) {
        throw new DataError(
          url,
          `SHA-256 mismatch for the download of ${url}: expected ${options.sha256.toLowerCase()}, ` +
            `got ${actual}; nothing was saved as ${dest}. The server sent a different ` +
            `or damaged file; try again later.${remedy}`,
        );
      }
    }
    await Deno.rename(tmp, dest);
    return bytes;
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

async function writeAll(file: Deno.FsFile, chunk: Uint8Array): Promise<void> {
  let off = 0;
  while (off < chunk.length) off += await file.write(chunk.subarray(off));
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}
