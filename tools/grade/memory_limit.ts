/**
 * A memory limit per submission through a cgroup of its own (v1 `memory`
 * controller or v2 `memory.max`), made below the grader's own cgroup. Where
 * neither can be made (no permission), the caller falls back to V8's heap
 * limit alone and says so.
 *
 * @module
 */
import { join } from "node:path";

/** A cgroup that holds one submission's processes. */
export interface MemoryCgroup {
  /** The folder to write the sandbox's pid into (`cgroup.procs`). */
  dir: string;
  /** True when the kernel was killed for memory (read after the run). */
  oomKilled(): boolean;
  /** Removes the cgroup once its processes have exited. */
  remove(): Promise<void>;
}

function ownCgroupPaths(): { v1?: string; v2?: string } {
  let text = "";
  try {
    text = Deno.readTextFileSync("/proc/self/cgroup");
  } catch {
    return {};
  }
  const out: { v1?: string; v2?: string } = {};
  for (const line of text.split("\n")) {
    const [, controllers, path] = line.split(":");
    if (path === undefined) continue;
    if (controllers.split(",").includes("memory")) {
      out.v1 = join("/sys/fs/cgroup/memory", path);
    } else if (controllers === "" && line.startsWith("0::")) {
      out.v2 = join("/sys/fs/cgroup", path);
    }
  }
  return out;
}

function readCount(path: string, key: string): number {
  try {
    const line = Deno.readTextFileSync(path).split("\n")
      .find((l) => l.startsWith(`${key} `));
    return line ? Number(line.split(" ")[1]) : 0;
  } catch {
    return 0;
  }
}

let counter = 0;

/**
 * Makes a cgroup limited to `bytes`, or returns undefined when this machine
 * does not let the grader make one.
 */
export function makeMemoryCgroup(bytes: number): MemoryCgroup | undefined {
  const { v1, v2 } = ownCgroupPaths();
  const name = `cnn-grade-${Deno.pid}-${++counter}`;
  const attempts: [string, string, string, string][] = [];
  if (v1) {
    attempts.push([
      join(v1, name),
      "memory.limit_in_bytes",
      "memory.oom_control",
      "oom_kill",
    ]);
  }
  if (v2) {
    attempts.push([join(v2, name), "memory.max", "memory.events", "oom_kill"]);
  }
  for (const [dir, limitFile, eventsFile, key] of attempts) {
    try {
      Deno.mkdirSync(dir);
    } catch {
      continue;
    }
    try {
      Deno.writeTextFileSync(join(dir, limitFile), String(bytes));
      // Without swap limits the kernel would swap instead of stopping.
      try {
        Deno.writeTextFileSync(join(dir, "memory.swappiness"), "0");
      } catch { /* v2 has no such file */ }
      return {
        dir,
        oomKilled: () => readCount(join(dir, eventsFile), key) > 0,
        remove: async () => {
          for (let i = 0; i < 50; i++) {
            try {
              Deno.removeSync(dir);
              return;
            } catch {
              await new Promise((r) => setTimeout(r, 100));
            }
          }
        },
      };
    } catch {
      try {
        Deno.removeSync(dir);
      } catch { /* nothing to undo */ }
    }
  }
  return undefined;
}
