/**
 * `deno task grade SUBMISSIONS [--out DIR] [--jobs N] [--timeout S]
 * [--memory MIB] [--quick]`: grades every exercise notebook below
 * SUBMISSIONS (a folder, or an LMS `.zip`) with the teacher's checks, each in
 * a fresh sandboxed Deno kernel, N at a time, and writes `grades.csv`,
 * `feedback/<student>.html` and `summary.csv` under DIR. Re-runs reuse the
 * grades of unchanged submissions (DIR/.cache).
 *
 * @module
 */
import { basename, join, resolve } from "node:path";
import { unzipSync } from "fflate";
import { type Notebook, ROOT } from "../notebooks/files.ts";
import { requireJupyter, runCli } from "../notebooks/jupyter_env.ts";
import {
  graderHash,
  readCached,
  submissionKey,
  writeAtomic,
  writeCached,
} from "./cache.ts";
import { discover, type Submission } from "./discover.ts";
import { gradeSubmission } from "./grade_submission.ts";
import { Progress } from "./progress.ts";
import {
  feedbackPage,
  gradesCsv,
  pageName,
  summarize,
  summaryCsv,
  summaryText,
} from "./report.ts";
import { sandboxWorks } from "./sandbox.ts";
import { makeMemoryCgroup } from "./memory_limit.ts";
import type { SubmissionGrade } from "./score.ts";

/** Parsed command line. */
export interface GradeOptions {
  submissions: string;
  out: string;
  jobs: number;
  timeoutS: number;
  memoryMiB: number;
  quick: boolean;
}

const USAGE =
  "usage: deno task grade SUBMISSIONS_DIR|FILE.zip [--out DIR] [--jobs N] [--timeout S] [--memory MIB] [--quick]";

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n <= 0) {
    throw new Error(
      `${flag} needs a positive whole number (got ${
        JSON.stringify(value)
      }). ${USAGE}`,
    );
  }
  return n;
}

/** Parses the arguments; throws a one-line error with the usage on bad input. */
export function parseArgs(args: string[]): GradeOptions {
  let submissions: string | undefined;
  const opts = {
    out: "calificaciones",
    jobs: navigator.hardwareConcurrency || 1,
    timeoutS: 600,
    memoryMiB: 3072,
    quick: Deno.env.get("CNN_QUICK") === "1",
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith("--") && a.includes("=")
      ? a.split(/=(.*)/s)
      : [a, undefined];
    const value = () => inline ?? args[++i];
    if (flag === "--out") {
      const v = value();
      if (!v) throw new Error(`--out needs a folder. ${USAGE}`);
      opts.out = v;
    } else if (flag === "--jobs") opts.jobs = positiveInt("--jobs", value());
    else if (flag === "--timeout") {
      opts.timeoutS = positiveInt("--timeout", value());
    } else if (flag === "--memory") {
      opts.memoryMiB = positiveInt("--memory", value());
    } else if (flag === "--quick") opts.quick = true;
    else if (flag.startsWith("-")) {
      throw new Error(`unknown option ${flag}. ${USAGE}`);
    } else if (submissions === undefined) submissions = a;
    else {throw new Error(
        `only one submissions folder, got also ${a}. ${USAGE}`,
      );}
  }
  if (submissions === undefined) {
    throw new Error(`no submissions folder given. ${USAGE}`);
  }
  return { submissions, ...opts };
}

/** Unpacks an LMS zip under `out/.entregas/` (written aside, then renamed). */
async function unpackZip(zip: string, out: string): Promise<string> {
  const files = unzipSync(await Deno.readFile(zip));
  const dest = join(out, ".entregas", basename(zip, ".zip"));
  const tmp = `${dest}.tmp-${Deno.pid}`;
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
  for (const [name, bytes] of Object.entries(files)) {
    if (
      name.endsWith("/") || name.split("/").includes("..") ||
      name.startsWith("/")
    ) continue;
    const path = join(tmp, name);
    await Deno.mkdir(join(path, ".."), { recursive: true });
    await Deno.writeFile(path, bytes);
  }
  await Deno.remove(dest, { recursive: true }).catch(() => {});
  await Deno.mkdir(join(dest, ".."), { recursive: true });
  await Deno.rename(tmp, dest);
  return dest;
}

/** One submission per student and exercise: the most recently modified. */
function latestOnly(subs: Submission[]): Submission[] {
  const best = new Map<string, { sub: Submission; mtime: number }>();
  for (const sub of subs) {
    const key = `${sub.student}\u0000${sub.exercise}`;
    const mtime = Deno.statSync(sub.path).mtime?.getTime() ?? 0;
    const seen = best.get(key);
    if (seen) {
      const [keep, drop] = mtime > seen.mtime
        ? [sub, seen.sub]
        : [seen.sub, sub];
      console.error(
        `warning: ${sub.student} handed in ${sub.exercise} twice; grading ${keep.relPath}, not ${drop.relPath}`,
      );
      if (keep !== sub) continue;
    }
    best.set(key, { sub, mtime });
  }
  return [...best.values()].map((v) => v.sub);
}

/**
 * Caches what the grading kernel imports. The kernel starts offline inside
 * the sandbox: everything it imports must already be in Deno's cache and
 * node_modules.
 */
export async function ensureCached(): Promise<void> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["cache", "tools/grade/kernel/guard.ts"],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `could not cache the course library for the kernels: ${
        new TextDecoder().decode(out.stderr).trim()
      }`,
    );
  }
}

/** What {@link gradeAll} did. */
export interface GradeRun {
  grades: SubmissionGrade[];
  /** How many grades came from the cache. */
  cached: number;
}

/** Runs the whole batch; returns the grades. */
export async function gradeAll(opts: GradeOptions): Promise<GradeRun> {
  const problem = await sandboxWorks();
  if (problem !== undefined) {
    throw new Error(
      `bubblewrap cannot make a sandbox here (${problem}); install it with \`sudo apt install bubblewrap\` and run as a user allowed to create namespaces.`,
    );
  }
  await requireJupyter();
  const probe = makeMemoryCgroup(opts.memoryMiB * 1024 * 1024);
  if (probe) await probe.remove();
  else {
    console.error(
      `note: no memory cgroup can be made here (run as root, or under systemd with delegation); each kernel is limited by V8's heap limit only (${
        Math.floor(opts.memoryMiB * 0.6)
      } MiB), not its wasm memory.`,
    );
  }
  await ensureCached();
  const out = resolve(opts.out);
  await Deno.mkdir(out, { recursive: true });
  let root = resolve(opts.submissions);
  const info = await Deno.stat(root).catch(() => undefined);
  if (!info) throw new Error(`${opts.submissions} does not exist. ${USAGE}`);
  if (info.isFile && root.endsWith(".zip")) root = await unpackZip(root, out);
  else if (!info.isDirectory) {
    throw new Error(
      `${opts.submissions} is neither a folder nor a .zip. ${USAGE}`,
    );
  }

  const { submissions, rejected } = await discover(root, out);
  for (const r of rejected) console.error(`skipped ${r.relPath}: ${r.reason}`);
  const subs = latestOnly(submissions);
  const teachers = new Map<string, Notebook>();
  for (const s of subs) {
    if (!teachers.has(s.exercise)) {
      const path = join(ROOT, "notebooks", "ejercicios", `${s.exercise}.ipynb`);
      teachers.set(s.exercise, JSON.parse(await Deno.readTextFile(path)));
    }
  }
  // Bounded memory: never more kernels than their limits fit in RAM.
  const ramMiB = Deno.systemMemoryInfo().total / 1024 / 1024;
  const jobs = Math.max(
    1,
    Math.min(opts.jobs, Math.floor((ramMiB * 0.8) / opts.memoryMiB)),
  );
  if (jobs < opts.jobs) {
    console.error(
      `note: ${jobs} at a time (each kernel may use ${opts.memoryMiB} MiB)`,
    );
  }
  const grader = await graderHash({
    quick: opts.quick,
    timeoutS: opts.timeoutS,
    memoryMiB: opts.memoryMiB,
  });
  const limits = {
    timeoutS: opts.timeoutS,
    memoryMiB: opts.memoryMiB,
    quick: opts.quick,
  };

  const progress = new Progress(subs.length);
  const grades: SubmissionGrade[] = [];
  let next = 0;
  let fromCache = 0;
  const worker = async () => {
    while (next < subs.length) {
      const sub = subs[next++];
      const key = await submissionKey(sub.bytes, grader, sub.student);
      const cached = await readCached(out, key);
      if (cached) {
        grades.push({ ...cached, relPath: sub.relPath });
        fromCache++;
        progress.finish(`${sub.student} · ${sub.exercise}`, true);
        continue;
      }
      progress.start();
      const grade = await gradeSubmission(
        sub,
        teachers.get(sub.exercise)!,
        key,
        limits,
      );
      // Grader failures are not cached: a re-run tries them again.
      if (grade.status !== "error") await writeCached(out, grade);
      grades.push(grade);
      const pts = grade.checks.reduce((s, c) => s + c.points, 0);
      const max = grade.checks.reduce((s, c) => s + c.max, 0);
      progress.finish(
        `${sub.student} · ${sub.exercise}: ${
          Math.round(pts * 10) / 10
        }/${max} (${grade.status}, ${grade.seconds} s)`,
        false,
      );
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(jobs, Math.max(1, subs.length)) }, worker),
  );
  progress.end();
  await writeOutputs(out, grades);
  return { grades, cached: fromCache };
}

/** Writes grades.csv, summary.csv and the feedback pages under `out`. */
export async function writeOutputs(
  out: string,
  grades: SubmissionGrade[],
): Promise<void> {
  await writeAtomic(join(out, "grades.csv"), gradesCsv(grades));
  const summary = summarize(grades);
  await writeAtomic(join(out, "summary.csv"), summaryCsv(summary));
  const pages = join(out, "feedback");
  await Deno.mkdir(pages, { recursive: true });
  const byStudent = new Map<string, SubmissionGrade[]>();
  for (const g of grades) {
    byStudent.set(g.student, [...byStudent.get(g.student) ?? [], g]);
  }
  const used = new Set<string>();
  for (const [student, mine] of byStudent) {
    let name = pageName(student);
    for (let i = 2; used.has(name); i++) name = pageName(`${student}_${i}`);
    used.add(name);
    await writeAtomic(join(pages, name), feedbackPage(student, mine));
  }
  console.log(summaryText(summary));
  console.log(
    `\nwrote ${join(out, "grades.csv")}, ${
      join(out, "summary.csv")
    } and ${byStudent.size} page(s) in ${pages}`,
  );
}

if (import.meta.main) {
  await runCli(async () => {
    await gradeAll(parseArgs(Deno.args));
    return 0;
  });
}
