/**
 * Crash-safe file writing: data goes to a temporary file next to its
 * destination, is fsynced, then renamed over the destination, and the
 * folder is fsynced so the rename itself survives a power cut. A crash at
 * any instant leaves the destination either as it was or complete.
 *
 * @module
 */
import { faultPoint } from "./fault_points.ts";

/** Infix of temporary files, so a later run can recognise and remove them. */
export const TMP_INFIX = ".tmp-";

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** File mode before the umask; default `0o644` (readable by other users of a shared server). */
  mode?: number;
  /** Prefix of the fault-injection points (`<prefix>:after-write` …); none when omitted. */
  faultPrefix?: string;
}

/** Writes all of `data` to an open file (a short write is retried, not lost). */
export async function writeAll(
  file: Deno.FsFile,
  data: Uint8Array,
): Promise<void> {
  let off = 0;
  while (off < data.length) off += await file.write(data.subarray(off));
}

/**
 * Fsyncs a folder so renames and removals inside it are on disk. Platforms
 * that cannot open a folder (Windows) are skipped: there the rename is
 * already journaled by NTFS.
 */
export async function syncDir(dir: string): Promise<void> {
  let f: Deno.FsFile;
  try {
    f = await Deno.open(dir, { read: true });
  } catch {
    return;
  }
  try {
    await f.sync();
  } catch {
    // Some file systems refuse fsync on folders; nothing more can be done.
  } finally {
    f.close();
  }
}

/** Opens a new temporary file next to `path` (mode 0644 minus the umask). */
export async function createTemp(
  path: string,
  suffix = "",
  mode = 0o644,
): Promise<{ tmp: string; file: Deno.FsFile }> {
  const tmp = `${path}${TMP_INFIX}${crypto.randomUUID()}${suffix}`;
  const file = await Deno.open(tmp, { write: true, createNew: true, mode });
  return { tmp, file };
}

/**
 * Writes `data` to `path` atomically: temp file, fsync, rename, folder
 * fsync. On error the temp file is removed and the error rethrown.
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const fault = (p: string) =>
    options.faultPrefix && faultPoint(`${options.faultPrefix}:${p}`);
  const { tmp, file } = await createTemp(path, "", options.mode ?? 0o644);
  try {
    try {
      const half = data.length >> 1;
      await writeAll(file, data.subarray(0, half));
      fault("mid-write");
      await writeAll(file, data.subarray(half));
      fault("after-write");
      await file.sync();
      fault("after-fsync");
    } finally {
      file.close();
    }
    await Deno.rename(tmp, path);
    fault("after-rename");
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
  await syncDir(parentOf(path));
}

/** {@link writeFileAtomic} for text, written as UTF-8. */
export function writeTextFileAtomic(
  path: string,
  text: string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  return writeFileAtomic(path, new TextEncoder().encode(text), options);
}

/** The folder holding `path` (`"."` for a bare name). */
export function parentOf(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return i < 0 ? "." : i === 0 ? path.slice(0, 1) : path.slice(0, i);
}

/**
 * Removes leftovers of interrupted writes in `dir`: files whose name starts
 * with one of `prefixes` and contains {@link TMP_INFIX}. Returns their names.
 */
export async function removeTempLeftovers(
  dir: string,
  prefixes: readonly string[],
): Promise<string[]> {
  const removed: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || !entry.name.includes(TMP_INFIX)) continue;
      if (!prefixes.some((p) => entry.name.startsWith(p))) continue;
      try {
        await Deno.remove(`${dir}/${entry.name}`);
        removed.push(entry.name);
      } catch {
        // Read-only folder or already gone: harmless, the next write retries.
      }
    }
  } catch {
    // The folder does not exist (yet): nothing to clean.
  }
  return removed;
}
