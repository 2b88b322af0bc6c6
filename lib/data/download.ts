/**
 * Downloads a file with a progress bar into a temp file next to its
 * destination, checks its SHA-256, then renames it into place — so an
 * interrupted or corrupt download never leaves a file under the final name.
 *
 * @module
 */
import { basename, dirname } from "node:path";
import { createTemp, syncDir, writeAll } from "../files/atomic.ts";
import { faultPoint } from "../files/fault_points.ts";
import { explainFsError } from "../files/fs_errors.ts";
import { DataError, NetworkError } from "./errors.ts";
import { sha256Hex } from "./checksum.ts";
import { ProgressBar } from "../host/progbar.ts";
import {
  type ProgressSink,
  sinkWriter,
  stderrProgressSink,
} from "../host/progress_writers.ts";

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
    throw new NetworkError(
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

  const folder = dirname(dest);
  const fsError = (e: unknown, what: string) =>
    new DataError(
      folder,
      `Cannot ${what} ${dest} for the download of ${url}: ${
        explainFsError(e, folder)
      } Or set \`dataDir\` to another folder.${remedy}`,
      { cause: e },
    );
  try {
    // 0755 minus the umask: other users of a shared class server can read the cache.
    await Deno.mkdir(folder, { recursive: true, mode: 0o755 });
    if (!(await Deno.stat(folder)).isDirectory) {
      throw new Deno.errors.NotADirectory(`${folder} is a file`);
    }
  } catch (e) {
    throw fsError(e, "create the folder of");
  }
  // A download killed earlier (kernel restart) left its temp file: remove it.
  await removeStaleParts(folder, basename(dest));
  let tmp: string;
  let file: Deno.FsFile;
  try {
    ({ tmp, file } = await createTemp(dest, ".part"));
  } catch (e) {
    throw fsError(e, "write");
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    // Keras's get_file line, redrawn at most every 0.1 s.
    const progress = sink
      ? new ProgressBar(total, {
        writer: sinkWriter(sink),
        format: "bytes",
        interval: 0.1,
      })
      : undefined;
    try {
      for await (const chunk of response.body) {
        try {
          await writeAll(file, chunk);
        } catch (e) {
          throw fsError(e, "write");
        }
        faultPoint("download:after-chunk");
        chunks.push(chunk);
        received += chunk.length;
        await progress?.update(received, {}, false);
      }
      try {
        await file.sync(); // on disk before the rename makes it visible
      } catch (e) {
        throw fsError(e, "write");
      }
    } catch (e) {
      if (e instanceof DataError) throw e;
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
    await progress?.update(received, {}, true);
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
    try {
      await Deno.rename(tmp, dest);
    } catch (e) {
      throw fsError(e, "write");
    }
    await syncDir(folder);
    return bytes;
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/** Seconds after its last write a `.part` file counts as abandoned (a live download writes every few ms). */
export const STALE_PART_SECONDS = 60;

/**
 * Removes `<name>.*.part` files not written for {@link STALE_PART_SECONDS}:
 * temp files of downloads killed earlier (up to 55 MB each). Fresh ones may
 * belong to a download running in another kernel and are kept.
 */
export async function removeStaleParts(
  folder: string,
  name: string,
): Promise<string[]> {
  const removed: string[] = [];
  const now = Date.now();
  try {
    for await (const e of Deno.readDir(folder)) {
      if (
        !e.isFile || !e.name.startsWith(`${name}.`) || !e.name.endsWith(".part")
      ) continue;
      const path = `${folder}/${e.name}`;
      const mtime = (await Deno.stat(path)).mtime?.getTime() ?? 0;
      if (now - mtime < STALE_PART_SECONDS * 1000) continue;
      await Deno.remove(path).then(() => removed.push(e.name), () => {});
    }
  } catch {
    // Unreadable folder: the write below reports it.
  }
  return removed;
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
