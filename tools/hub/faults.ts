/**
 * The fault checks of `deno task check:hub`, each run as a student through
 * their own kernel or server: the shared course cannot be written, another
 * student's files and kernels cannot be reached, a kernel killed by its
 * memory limit leaves the others running and tells its own notebook.
 *
 * @module
 */

import { api } from "./server.ts";
import { outputText } from "./kernel_client.ts";
import { cgroupsOf } from "./procs.ts";
import type { NotebookRun, Student } from "./students.ts";

/** Throws with `what` unless `ok`. */
export function assert(ok: unknown, what: string): asserts ok {
  if (!ok) throw new Error(`check failed: ${what}`);
}

/** `a` tries `b`'s server: its contents, its kernels, starting it. All must be refused. */
export async function checkIsolation(
  hubUrl: string,
  a: Student,
  b: Student,
): Promise<string[]> {
  const tries: [string, RequestInit][] = [
    [`${b.server}/api/contents/cnn-curso`, {}],
    [`${b.server}/api/kernels`, {}],
    [`${b.server}/api/sessions`, {}],
    [`${hubUrl}/hub/api/users/${b.name}/server`, { method: "POST" }],
  ];
  const lines: string[] = [];
  for (const [url, init] of tries) {
    const { status } = await api(url, a.token, init, [
      200,
      201,
      202,
      204,
      302,
      400,
      403,
      404,
    ]);
    assert(
      status === 403 || status === 404,
      `${a.name} reached ${
        url.replace(hubUrl, "")
      } (HTTP ${status}); expected 403/404`,
    );
    lines.push(
      `${init.method ?? "GET"} ${url.replace(hubUrl, "")} → ${status}`,
    );
  }
  return lines;
}

/**
 * In `run`'s kernel (the student's own), tries to write the shared cache,
 * data and library, and to list another student's home. Each must fail.
 */
export async function checkSharedReadOnly(
  run: NotebookRun,
  paths: {
    denoDir: string;
    dataDir: string;
    libDir: string;
    otherHome: string;
  },
): Promise<string> {
  const code = `{
  const tries = ${JSON.stringify(paths)};
  const result = {};
  for (const [what, dir] of Object.entries(tries)) {
    try {
      if (what === "otherHome") { for (const _ of Deno.readDirSync(dir)) break; }
      else Deno.writeTextFileSync(dir + "/escrito-por-alumno.txt", "x");
      result[what] = "ALLOWED";
    } catch (e) { result[what] = e.name; }
  }
  console.log("RO " + JSON.stringify(result));
}`;
  const r = await run.socket.execute(code, { timeoutMs: 60_000 });
  const m = /RO (\{.*\})/.exec(outputText(r.outputs));
  assert(m, `no answer from the write test: ${outputText(r.outputs)}`);
  const result = JSON.parse(m[1]) as Record<string, string>;
  for (const [what, got] of Object.entries(result)) {
    assert(
      got === "PermissionDenied",
      `a student's kernel could ${
        what === "otherHome" ? "list another student's home" : `write ${what}`
      } (${got})`,
    );
  }
  return m[1];
}

/**
 * The kernel is in its student's cgroup, or, where cgroups are unusable (a
 * container with a read-only /sys/fs/cgroup: the config's fallback), runs
 * under RLIMIT_DATA = the memory limit. Fails when neither limit holds.
 */
export function checkCgroup(run: NotebookRun, memLimitBytes: number): string {
  assert(run.kernelPid !== null, `no kernel process for ${run.student}`);
  const cgroups = cgroupsOf(run.kernelPid);
  const lines = cgroups.split("\n").filter((l) =>
    l.includes(`/cnn-course/${run.student}`)
  );
  if (lines.length > 0) return lines.join("; ");
  let limits = "";
  try {
    limits = Deno.readTextFileSync(`/proc/${run.kernelPid}/limits`);
  } catch {
    // gone: the assertion below says so
  }
  const data = /^Max data size\s+(\d+)/m.exec(limits)?.[1];
  assert(
    Number(data) === memLimitBytes,
    `${run.student}'s kernel is neither in a cnn-course cgroup nor under RLIMIT_DATA=${memLimitBytes}:\n${cgroups}\n${limits}`,
  );
  return `no usable cgroups here: the fallback, RLIMIT_DATA ${data} bytes (no CPU limit)`;
}

/**
 * `victim` allocates past its memory limit; its kernel must die and its
 * notebook get "restarting" (what makes the Notebook page say "The kernel
 * appears to have died. It will restart automatically."), and every other
 * kernel must still hold its state. The victim's restarted kernel must run.
 */
export async function checkMemoryLimit(
  victim: NotebookRun,
  others: NotebookRun[],
): Promise<string> {
  const grow = `const hog: Uint8Array[] = [];
for (let i = 0; i < 200; i++) hog.push(new Uint8Array(100 * 2 ** 20).fill(1));
console.log("allocated", hog.length * 100, "MB");`;
  const r = await victim.socket.execute(grow, { timeoutMs: 180_000 });
  assert(
    r.status === "dead",
    `${victim.student}'s kernel survived allocating 20 GB (status ${r.status}): no memory limit?`,
  );
  assert(
    victim.socket.states.includes("restarting") ||
      victim.socket.states.includes("dead"),
    `${victim.student}'s notebook was not told the kernel died`,
  );
  for (const o of others) {
    const r2 = await o.socket.execute(
      `console.log("still", typeof lenet, lenet.countParams());`,
      { timeoutMs: 60_000 },
    );
    assert(
      r2.status === "ok" && /still object \d+/.test(outputText(r2.outputs)),
      `${o.student}'s kernel lost its state when ${victim.student}'s died: ${
        outputText(r2.outputs)
      }`,
    );
    assert(
      !o.socket.states.includes("restarting"),
      `${o.student}'s kernel restarted`,
    );
  }
  // The victim's kernel comes back (the Notebook server restarts it).
  let back = "";
  for (let i = 0; i < 30 && !back.includes("42"); i++) {
    await new Promise((res) => setTimeout(res, 1000));
    const r3 = await victim.socket.execute("console.log(6 * 7)", {
      timeoutMs: 30_000,
    });
    back = outputText(r3.outputs);
  }
  assert(back.includes("42"), `${victim.student}'s kernel did not come back`);
  return `${victim.student}: kernel killed at its limit, notebook got "${
    victim.socket.states.filter((s) => s === "restarting" || s === "dead")[0]
  }", restarted kernel answers; ${
    others.map((o) => o.student).join(", ")
  } kept their kernels`;
}
