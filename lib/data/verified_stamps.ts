/**
 * Remembers which data files passed their SHA-256 check, so later loads
 * skip re-hashing them: hashing MNIST's 55 MB took ~0.25 s of every first
 * cell. A file is trusted again only while its stamp — size, mtime, ctime
 * and inode, taken right after it was hashed — is unchanged and the hash it
 * passed is the one expected now; anything else (a replaced, rewritten or
 * touched file, another expected hash) hashes it again.
 *
 * The stamps live in one JSON file in the data folder
 * ({@link STAMPS_NAME}), written atomically (temp file, fsync, rename). A
 * damaged stamps file is reported on stderr once, ignored and rewritten; a
 * folder that cannot be written just means hashing every time.
 *
 * @module
 */
import { join } from "node:path";
import { writeFileAtomic } from "../files/atomic.ts";

/** File name of the stamps in the data folder. */
export const STAMPS_NAME = ".verified-sha256.json";

/** What identifies one version of a file on disk. */
interface Stamp {
  size: number;
  mtimeMs: number | null;
  ctimeMs: number | null;
  ino: number | null;
  sha256: string;
}

type Stamps = Record<string, Stamp>;

const FORMAT = "cnn-verified-sha256-v1";

/** The stamp of `info` for a file that hashed to `sha256`. */
function stampOf(info: Deno.FileInfo, sha256: string): Stamp {
  return {
    size: info.size,
    mtimeMs: info.mtime?.getTime() ?? null,
    ctimeMs: info.ctime?.getTime() ?? null,
    ino: info.ino ?? null,
    sha256,
  };
}

function sameStamp(a: Stamp, b: Stamp): boolean {
  // Without any time or inode there is nothing cheap to trust.
  if (a.mtimeMs === null && a.ctimeMs === null && a.ino === null) return false;
  return a.size === b.size && a.mtimeMs === b.mtimeMs &&
    a.ctimeMs === b.ctimeMs && a.ino === b.ino && a.sha256 === b.sha256;
}

/** Stamps of verified files, kept in `<dir>/` {@link STAMPS_NAME}. */
export class VerifiedStamps {
  readonly #path: string;
  readonly #warn: (message: string) => void;
  #stamps: Stamps | undefined;

  /**
   * @param dir the data folder holding the stamps file
   * @param warn where the note about a damaged stamps file goes (default stderr)
   */
  constructor(dir: string, warn: (message: string) => void = console.error) {
    this.#path = join(dir, STAMPS_NAME);
    this.#warn = warn;
  }

  /** The stamps file's path. */
  get path(): string {
    return this.#path;
  }

  /**
   * True when `file` is the very file that last hashed to `sha256` here
   * (its stat unchanged); false when it must be hashed.
   */
  async trusted(file: string, sha256: string): Promise<boolean> {
    const stamps = await this.#load();
    const known = stamps[file];
    if (!known) return false;
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(file);
    } catch {
      return false;
    }
    return sameStamp(stampOf(info, sha256.toLowerCase()), known);
  }

  /** Records that `file` (as it is now) hashed to `sha256`; never throws. */
  async record(file: string, sha256: string): Promise<void> {
    try {
      const info = await Deno.stat(file);
      const stamps = { ...(await this.#load()) };
      stamps[file] = stampOf(info, sha256.toLowerCase());
      this.#stamps = stamps;
      const text = JSON.stringify({ format: FORMAT, files: stamps }, null, 1);
      await writeFileAtomic(this.#path, new TextEncoder().encode(text));
    } catch {
      // A read-only data folder (a shared install): hash again next time.
    }
  }

  async #load(): Promise<Stamps> {
    if (this.#stamps) return this.#stamps;
    let text: string;
    try {
      text = await Deno.readTextFile(this.#path);
    } catch {
      return (this.#stamps = {}); // none yet
    }
    const parsed = parseStamps(text);
    this.#stamps = parsed ?? {};
    if (parsed === undefined) {
      this.#warn(
        `${this.#path} is damaged (not the stamps this library writes); ` +
          "the MNIST files are checked again by SHA-256 and the file is rewritten.",
      );
    }
    return this.#stamps;
  }
}

/** The stamps in `text`, or `undefined` when it is not a complete stamps file. */
export function parseStamps(text: string): Stamps | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined; // truncated or not JSON
  }
  const d = data as { format?: unknown; files?: unknown } | null;
  if (d?.format !== FORMAT || typeof d.files !== "object" || !d.files) {
    return undefined;
  }
  const files: Stamps = {};
  for (const [file, s] of Object.entries(d.files as Record<string, unknown>)) {
    const st = s as Partial<Stamp> | null;
    const numOrNull = (v: unknown) => v === null || typeof v === "number";
    if (
      typeof st?.size !== "number" || typeof st.sha256 !== "string" ||
      !numOrNull(st.mtimeMs) || !numOrNull(st.ctimeMs) || !numOrNull(st.ino)
    ) return undefined;
    files[file] = st as Stamp;
  }
  return files;
}
