/**
 * Runs one grading program (see program.ts) in a bubblewrap sandbox: no
 * network (a private network namespace), its own pid/ipc/uts namespaces,
 * only the parts of the project the kernel needs, read-only, a private
 * writable `/tmp`, no other submission, the grader's output folder or the
 * teacher's solutions visible; the kernel itself runs as user `nobody`
 * with no capabilities. Wall time is bounded here (the process group is
 * killed), memory by a cgroup (memory_limit.ts) and V8's heap limit.
 *
 * @module
 */
import { join } from "node:path";
import { ROOT } from "../notebooks/files.ts";
import { makeMemoryCgroup } from "./memory_limit.ts";
import { type ProgramCell, SANDBOX_PROJECT } from "./program.ts";
import { RESULT_MIME } from "./kernel/result_mime.ts";

/** Limits of one run. */
export interface SandboxLimits {
  /** Seconds for the student's cells (each) and again for the check cell. */
  timeoutS: number;
  /** Memory for the whole sandbox, in MiB. */
  memoryMiB: number;
  /** `CNN_QUICK` for the kernel. */
  quick: boolean;
}

/** What the driver reports (kernel_driver.py), plus how the run ended. */
export interface SandboxOutcome {
  status:
    | "ok"
    | "timeout"
    | "kernel-died"
    | "kernel-start"
    | "preamble"
    | "sandbox";
  cells: { role: string; status: string; seconds: number }[];
  bundles: unknown[];
  seconds: number;
  message: string;
  /** True when the memory cgroup killed something. */
  oom: boolean;
  /** False when no cgroup could be made (V8's heap limit only). */
  memoryLimited: boolean;
}

/** Paths of the project the kernel may read (everything else stays out). */
export const MOUNTED = [
  "lib",
  "deno.json",
  "deno.lock",
  "node_modules",
  "data",
  "tools/grade/kernel",
] as const;

let denoDirCache: string | undefined;

/** Deno's cache folder (bound read-only so the kernel starts offline). */
export async function denoDir(): Promise<string> {
  if (denoDirCache) return denoDirCache;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
    stderr: "null",
  }).output();
  denoDirCache = JSON.parse(new TextDecoder().decode(out.stdout)).denoDir;
  return denoDirCache as string;
}

/** True when `bwrap` exists and can make a sandbox without network here. */
export async function sandboxWorks(): Promise<string | undefined> {
  try {
    const out = await new Deno.Command("bwrap", {
      args: [
        "--ro-bind",
        "/",
        "/",
        "--unshare-net",
        "--unshare-pid",
        "--die-with-parent",
        "/bin/true",
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (out.success) return undefined;
    return new TextDecoder().decode(out.stderr).trim();
  } catch (e) {
    return (e as Error).message;
  }
}

/** The bwrap command line (without the leading `bwrap`). */
export function bwrapArgs(
  deno: string,
  denoCache: string,
  root = Deno.uid() === 0,
): string[] {
  const args = [
    ...(root ? [] : ["--unshare-user"]),
    "--ro-bind",
    "/usr",
    "/usr",
    "--symlink",
    "usr/lib",
    "/lib",
    "--symlink",
    "usr/lib64",
    "/lib64",
    "--symlink",
    "usr/bin",
    "/bin",
    "--symlink",
    "usr/sbin",
    "/sbin",
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--tmpfs",
    "/tmp",
    "--perms",
    "0755",
    "--dir",
    SANDBOX_PROJECT,
    "--perms",
    "0755",
    "--dir",
    "/grader",
  ]; // deno-fmt-ignore
  for (const path of MOUNTED) {
    // bwrap makes missing parent folders 0700, which `nobody` cannot enter.
    const parts = path.split("/").slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const dir = `${SANDBOX_PROJECT}/${parts.slice(0, i).join("/")}`;
      if (!args.includes(dir)) args.push("--perms", "0755", "--dir", dir);
    }
    args.push("--ro-bind", join(ROOT, path), `${SANDBOX_PROJECT}/${path}`);
  }
  args.push(
    "--ro-bind",
    join(ROOT, "tools/grade/kernel_driver.py"),
    "/grader/kernel_driver.py",
    "--ro-bind",
    denoCache,
    "/deno-dir",
    "--ro-bind",
    deno,
    "/grader/deno",
    "--unshare-net",
    "--unshare-pid",
    "--unshare-ipc",
    "--unshare-uts",
    "--die-with-parent",
    "--new-session",
    "--clearenv",
    "--setenv",
    "PATH",
    "/usr/bin",
    "--setenv",
    "HOME",
    "/tmp",
    "--setenv",
    "JUPYTER_RUNTIME_DIR",
    "/tmp/jupyter-runtime",
    "--setenv",
    "PYTHONWARNINGS",
    "ignore",
    "--chdir",
    SANDBOX_PROJECT,
    "/usr/bin/python3",
    "/grader/kernel_driver.py",
  ); // deno-fmt-ignore
  return args;
}

/**
 * The kernel's command. As root: copy the connection file, drop to user
 * `nobody` without capabilities, start Deno, so the kernel cannot touch the
 * driver (root, non-dumpable). Otherwise bwrap runs everything in a user
 * namespace without capabilities, and the driver's being non-dumpable keeps
 * the kernel out of its file descriptors.
 */
export function kernelArgv(root = Deno.uid() === 0): string[] {
  if (!root) {
    return [
      "/grader/deno",
      "jupyter",
      "--kernel",
      "--conn",
      "{connection_file}",
    ];
  }
  return [
    "/bin/sh",
    "-c",
    'install -m 0644 "$0" /tmp/kernel.json && exec /usr/bin/setpriv ' +
    "--reuid=65534 --regid=65534 --clear-groups --no-new-privs " +
    "--inh-caps=-all --bounding-set=-all " +
    "/grader/deno jupyter --kernel --conn /tmp/kernel.json",
    "{connection_file}",
  ];
}

/** Runs `cells` in a fresh sandboxed kernel; never throws for the student's sake. */
export async function runInSandbox(
  cells: ProgramCell[],
  nonce: string,
  limits: SandboxLimits,
): Promise<SandboxOutcome> {
  const heapMiB = Math.max(256, Math.floor(limits.memoryMiB * 0.6));
  const job = {
    kernel_argv: kernelArgv(),
    env: {
      NO_COLOR: "1",
      DENO_DIR: "/deno-dir",
      DENO_NO_UPDATE_CHECK: "1",
      DENO_V8_FLAGS: `--max-old-space-size=${heapMiB}`,
      HOME: "/tmp/home",
      TMPDIR: "/tmp",
      CNN_QUICK: limits.quick ? "1" : "0",
    },
    cwd: SANDBOX_PROJECT,
    nonce,
    mime: RESULT_MIME,
    cells,
    timeout_s: limits.timeoutS,
    check_timeout_s: limits.timeoutS,
    startup_timeout_s: 60,
  };
  const cgroup = makeMemoryCgroup(limits.memoryMiB * 1024 * 1024);
  const bwrap = ["bwrap", ...bwrapArgs(Deno.execPath(), await denoDir())];
  // The shell joins the cgroup first so bwrap and all it starts are inside.
  const script = cgroup
    ? `echo $$ > "$0/cgroup.procs" && exec "$@"`
    : `exec "$@"`;
  const child = new Deno.Command("/bin/sh", {
    args: ["-c", script, cgroup?.dir ?? "-", ...bwrap],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Whole-run bound: every cell's limit, startup and a margin.
  const hardMs = (limits.timeoutS * (cells.length + 1) + 90) * 1000;
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }, hardMs);
  const started = performance.now();
  let stdout = "";
  let stderr = "";
  try {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(JSON.stringify(job)));
    await writer.close();
    const out = await child.output();
    stdout = new TextDecoder().decode(out.stdout);
    stderr = new TextDecoder().decode(out.stderr);
  } finally {
    clearTimeout(timer);
  }
  const oom = cgroup?.oomKilled() ?? false;
  await cgroup?.remove();
  const seconds = (performance.now() - started) / 1000;
  const line = stdout.trim().split("\n").at(-1) ?? "";
  try {
    const parsed = JSON.parse(line) as Omit<SandboxOutcome, "oom">;
    return { ...parsed, oom, memoryLimited: cgroup !== undefined };
  } catch {
    return {
      status: "sandbox",
      cells: [],
      bundles: [],
      seconds,
      message: (stderr.trim().split("\n").slice(-3).join(" ") ||
        "el proceso de calificación terminó sin resultado").slice(0, 400),
      oom,
      memoryLimited: cgroup !== undefined,
    };
  }
}
