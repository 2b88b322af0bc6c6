/**
 * The execution cache, like Jupyter Book's: every executed copy records what
 * it was executed from (a content hash of the notebook, of `lib/`, of the
 * lock file and import map, and the mode), so the course command re-runs
 * only the notebooks whose inputs changed and says why for the others.
 *
 * The stamp lives in the executed copy's own metadata (`cnn_execution`),
 * written with the copy in one rename, so a copy and its stamp can never
 * disagree.
 *
 * @module
 */

import { join, relative } from "node:path";
import { sha256Hex } from "../../lib/data/checksum.ts";
import { quickMode } from "../../lib/course/quick_flag.ts";
import { type Notebook, ROOT } from "./files.ts";

/** What a notebook was executed from. */
export interface ExecutionStamp {
  /** sha256 of the notebook file. */
  notebook: string;
  /** sha256 over every file under `lib/` (paths and contents). */
  lib: string;
  /** sha256 of `deno.lock` and of `deno.json`'s import map and compiler options. */
  lock: string;
  /** Quick mode (`CNN_QUICK=1`) or full mode. */
  mode: "quick" | "full";
}

/** A stamp as stored in an executed copy, with the run's outcome. */
export interface StoredStamp extends ExecutionStamp {
  ok: boolean;
  seconds: number;
  /** The kernel's peak resident memory in that run, MiB (absent off Linux). */
  peakRssMiB?: number;
}

async function sha256(parts: Uint8Array[]): Promise<string> {
  const all = new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
  return await sha256Hex(all);
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) out.push(...await filesUnder(path));
    else if (entry.isFile) out.push(path);
  }
  return out.sort();
}

/** sha256 over the relative paths and contents of every file under `dir`. */
export async function treeHash(dir: string): Promise<string> {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const file of await filesUnder(dir)) {
    parts.push(enc.encode(`${relative(dir, file)}\0`));
    parts.push(await Deno.readFile(file));
    parts.push(enc.encode("\0"));
  }
  return await sha256(parts);
}

/** sha256 of one file's bytes (of "" when it is missing). */
export async function fileHash(path: string): Promise<string> {
  try {
    return await sha256([await Deno.readFile(path)]);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return await sha256([]);
    throw e;
  }
}

/**
 * The parts of `deno.json` that change what notebook code does (the import
 * map and compiler options), so editing a task re-runs nothing.
 */
async function denoConfigForCode(path: string): Promise<string> {
  try {
    const config = JSON.parse(await Deno.readTextFile(path));
    return JSON.stringify([
      config.imports ?? null,
      config.compilerOptions ?? null,
    ]);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return "";
    throw e;
  }
}

/** The parts of a stamp shared by every notebook of one run. */
export interface SharedInputs {
  lib: string;
  lock: string;
  mode: "quick" | "full";
}

/** Hashes `lib/` and the lock file once for a run. */
export async function sharedInputs(
  quick = quickMode(),
  root = ROOT,
): Promise<SharedInputs> {
  const [lib, lockFile, config] = await Promise.all([
    treeHash(join(root, "lib")),
    fileHash(join(root, "deno.lock")),
    denoConfigForCode(join(root, "deno.json")),
  ]);
  return {
    lib,
    lock: await sha256([new TextEncoder().encode(lockFile + config)]),
    mode: quick ? "quick" : "full",
  };
}

/** The stamp of `source` for a run with `shared` inputs. */
export async function executionStamp(
  source: string,
  shared: SharedInputs,
): Promise<ExecutionStamp> {
  return { notebook: await fileHash(source), ...shared };
}

/** The stamp stored in an executed copy, if it has a valid one. */
export function storedStamp(nb: Notebook): StoredStamp | undefined {
  // Stored by execute.py under its Python name.
  const s = nb.metadata?.cnn_execution as
    | (Partial<StoredStamp> & { peak_rss_mib?: unknown })
    | undefined;
  if (
    !s || typeof s.notebook !== "string" || typeof s.lib !== "string" ||
    typeof s.lock !== "string" || (s.mode !== "quick" && s.mode !== "full")
  ) return undefined;
  return {
    notebook: s.notebook,
    lib: s.lib,
    lock: s.lock,
    mode: s.mode,
    ok: s.ok === true,
    seconds: typeof s.seconds === "number" ? s.seconds : 0,
    peakRssMiB: typeof s.peak_rss_mib === "number" ? s.peak_rss_mib : undefined,
  };
}

/**
 * Why a notebook must run again, given its executed copy's stamp (undefined
 * when there is no copy or it has no stamp); empty when it can be skipped.
 */
export function staleReasons(
  stored: StoredStamp | undefined,
  now: ExecutionStamp,
): string[] {
  if (!stored) return ["it has no executed copy yet"];
  const reasons: string[] = [];
  if (!stored.ok) reasons.push("its last run failed");
  if (stored.notebook !== now.notebook) reasons.push("the notebook changed");
  if (stored.lib !== now.lib) reasons.push("lib/ changed");
  if (stored.lock !== now.lock) reasons.push("deno.lock or deno.json changed");
  if (stored.mode !== now.mode) {
    reasons.push(`its copy ran in ${stored.mode} mode`);
  }
  return reasons;
}
