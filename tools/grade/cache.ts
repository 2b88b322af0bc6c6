/**
 * The grade cache under `--out`: one JSON file per graded submission, named
 * by the sha-256 of the submission's bytes, the grader's own files and the
 * options that change a grade. A re-run skips a submission whose key is
 * already there; editing the submission, the checks, the rubric or the
 * teacher's notebook changes the key.
 *
 * @module
 */
import { join } from "node:path";
import { ROOT } from "../notebooks/files.ts";
import type { SubmissionGrade } from "./score.ts";
import { writeTextFileAtomic } from "../../lib/files/mod.ts";

async function sha256(parts: Uint8Array[]): Promise<string> {
  const total = parts.reduce((n, p) => n + p.length + 8, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    // Each part is prefixed by its length so no two splits hash alike.
    new DataView(all.buffer).setBigUint64(at, BigInt(p.length));
    all.set(p, at + 8);
    at += p.length + 8;
  }
  const digest = await crypto.subtle.digest("SHA-256", all);
  return Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
}

async function filesBelow(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) out.push(...await filesBelow(path));
    else if (e.isFile && /\.(ts|py|ipynb)$/.test(e.name)) out.push(path);
  }
  return out.sort();
}

const GRADING_FILES = [
  "kernel_driver.py",
  "program.ts",
  "rubric.ts",
  "sandbox.ts",
  "score.ts",
  "grade_submission.ts",
];

/**
 * A hash of everything a grade depends on besides the submission: the
 * kernel-side checks, the host files that run and score a submission, the
 * exercise checks of the library, the exercise notebooks and the options.
 */
export async function graderHash(
  options: Record<string, unknown>,
): Promise<string> {
  const grade = join(ROOT, "tools", "grade");
  const files = [
    ...await filesBelow(join(grade, "kernel")),
    // The host-side files that decide a grade (not the CLI, report or demo).
    ...GRADING_FILES.map((f) => join(grade, f)),
    ...await filesBelow(join(ROOT, "lib", "course", "exercises")),
    ...await filesBelow(join(ROOT, "notebooks", "ejercicios")),
  ];
  const enc = new TextEncoder();
  const parts = [enc.encode(JSON.stringify(options))];
  for (const f of files) {
    parts.push(enc.encode(f.slice(ROOT.length)), await Deno.readFile(f));
  }
  return await sha256(parts);
}

/** The cache key of one submission. */
export async function submissionKey(
  bytes: Uint8Array,
  grader: string,
  student: string,
): Promise<string> {
  const enc = new TextEncoder();
  return await sha256([bytes, enc.encode(grader), enc.encode(student)]);
}

/** The cache folder under `out`. */
export function cacheDir(out: string): string {
  return join(out, ".cache");
}

/** The cached grade of `key`, or undefined. */
export async function readCached(
  out: string,
  key: string,
): Promise<SubmissionGrade | undefined> {
  try {
    return JSON.parse(
      await Deno.readTextFile(join(cacheDir(out), `${key}.json`)),
    ) as SubmissionGrade;
  } catch {
    return undefined;
  }
}

/** Writes `text` to `path` through a temp file, fsync and one rename. */
export function writeAtomic(path: string, text: string): Promise<void> {
  return writeTextFileAtomic(path, text);
}

/** Stores a grade under its key. */
export async function writeCached(
  out: string,
  grade: SubmissionGrade,
): Promise<void> {
  await Deno.mkdir(cacheDir(out), { recursive: true });
  await writeAtomic(
    join(cacheDir(out), `${grade.hash}.json`),
    JSON.stringify(grade),
  );
}
