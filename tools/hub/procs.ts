/**
 * What `deno task check:hub` reads from `/proc` about the students'
 * processes: which PIDs a user runs, which one is the Deno kernel, its peak
 * resident memory (`VmHWM`, kept by Linux itself, so no sampling is missed)
 * and its CPU seconds (user + system).
 *
 * @module
 */

let clockTicks: number | undefined;

async function ticksPerSecond(): Promise<number> {
  if (clockTicks) return clockTicks;
  const out = await new Deno.Command("getconf", { args: ["CLK_TCK"] }).output();
  clockTicks = Number(new TextDecoder().decode(out.stdout).trim()) || 100;
  return clockTicks;
}

function readOrNull(path: string): string | null {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return null; // the process ended meanwhile
  }
}

/** PIDs of every process whose real uid is `uid`. */
export function pidsOfUid(uid: number): number[] {
  const pids: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    const status = readOrNull(`/proc/${e.name}/status`);
    const m = status && /^Uid:\s+(\d+)/m.exec(status);
    if (m && Number(m[1]) === uid) pids.push(Number(e.name));
  }
  return pids;
}

/** The command line of `pid`, split at NULs. */
export function cmdline(pid: number): string[] {
  return (readOrNull(`/proc/${pid}/cmdline`) ?? "").split("\0").filter((s) =>
    s
  );
}

/**
 * PIDs of `uid`'s Deno kernels (`deno jupyter --kernel …`), not the routing
 * proxies around them (`python3 kernel_proxy.py … -- deno jupyter --kernel …`).
 */
export function kernelPids(uid: number): number[] {
  return pidsOfUid(uid).filter((pid) => {
    const argv = cmdline(pid);
    return argv[1] === "jupyter" && argv.includes("--kernel");
  });
}

/** Peak resident set size of `pid` in bytes (`VmHWM`), or null when gone. */
export function peakRssBytes(pid: number): number | null {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readOrNull(`/proc/${pid}/status`) ?? "");
  return m ? Number(m[1]) * 1024 : null;
}

/** User + system CPU seconds of `pid`, or null when gone. */
export async function cpuSeconds(pid: number): Promise<number | null> {
  const stat = readOrNull(`/proc/${pid}/stat`);
  if (!stat) return null;
  // Fields after the ")" that closes the command name: state is [0],
  // utime [11], stime [12] (proc(5), fields 14 and 15).
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / await ticksPerSecond();
}

/** The cgroup lines of `pid` (`/proc/<pid>/cgroup`). */
export function cgroupsOf(pid: number): string {
  return readOrNull(`/proc/${pid}/cgroup`) ?? "";
}

/**
 * Kills, by PID, every process still running as `uid` (what the check's Hub
 * started for that throw-away user); returns how many there were.
 */
export function killUid(uid: number): number {
  const pids = pidsOfUid(uid);
  for (const pid of pids) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch { /* already gone */ }
  }
  return pids.length;
}

/**
 * Removes the check's users' cgroups (`…/cnn-course/<name>`, made by the
 * classroom's spawner) and the `cnn-course` folders when they are left
 * empty; returns the folders removed. A cgroup still holding processes stays.
 */
export function removeCgroups(
  names: string[],
  root = "/sys/fs/cgroup",
): string[] {
  const removed: string[] = [];
  const bases: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(dir)];
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory) continue;
      const p = `${dir}/${e.name}`;
      if (e.name === "cnn-course") bases.push(p);
      else if (depth < 4) walk(p, depth + 1);
    }
  };
  walk(root, 0);
  for (const base of bases) {
    for (const n of names) {
      try {
        Deno.removeSync(`${base}/${n}`);
        removed.push(`${base}/${n}`);
      } catch { /* absent or busy */ }
    }
    try {
      Deno.removeSync(base); // only succeeds when no student cgroup is left
      removed.push(base);
    } catch { /* other students' cgroups (a real class) stay */ }
  }
  return removed;
}
