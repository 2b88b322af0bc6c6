/**
 * The classroom's per-student limits as the spawner writes them, on a fake
 * cgroupfs: the cgroup v2 layout (a server whose controllers are on v2, as
 * under a current systemd) and v1. This test machine has every controller on
 * v1, so `check:hub` exercises v1 for real and v2 only here. The config's own
 * code runs (`classroom/jupyterhub_config.py`, JupyterHub stubbed, see the
 * fixture); the test checks every file it writes and the cgroup it joins.
 */
import assert from "node:assert/strict";
import { join } from "node:path";

const HERE = new URL(".", import.meta.url).pathname;
const CONFIG = join(HERE, "..", "..", "classroom", "jupyterhub_config.py");
const SCRIPT = join(HERE, "fixtures", "cgroup_layout.py");

interface Layout {
  procs: string[];
  files: Record<string, string>;
}

/** Runs the spawner's cgroup code on a fake root prepared by `prepare`. */
async function layout(
  prepare: (root: string) => Promise<void>,
  memBytes: number,
  cpu: number,
  extra: string[] = [],
): Promise<Layout> {
  const dir = await Deno.makeTempDir();
  try {
    // The config reads classroom.json next to itself (the install's paths).
    await Deno.copyFile(CONFIG, join(dir, "jupyterhub_config.py"));
    await Deno.writeTextFile(
      join(dir, "classroom.json"),
      JSON.stringify({
        state_dir: dir,
        template_dir: dir,
        jupyter_data_dir: dir,
        deno_dir: dir,
      }),
    );
    const root = join(dir, "cgroup");
    await Deno.mkdir(root);
    await prepare(root);
    const out = await new Deno.Command("/usr/bin/python3", {
      args: [
        SCRIPT,
        join(dir, "jupyterhub_config.py"),
        root,
        String(memBytes),
        String(cpu),
        ...extra,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, err);
    return JSON.parse(new TextDecoder().decode(out.stdout));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A v2 root: the controllers file marks it, the rest is what the kernel has. */
async function v2Root(root: string) {
  await Deno.writeTextFile(join(root, "cgroup.controllers"), "cpu memory pids");
  await Deno.writeTextFile(join(root, "cgroup.subtree_control"), "");
}

Deno.test("cgroup v2: one cgroup per student with memory, swap, CPU and task limits", async () => {
  const got = await layout(v2Root, 2 * 2 ** 30, 1);
  assert.deepEqual(got.procs, ["cnn-course/ana/cgroup.procs"]);
  assert.deepEqual(got.files, {
    "cgroup.controllers": "cpu memory pids",
    // The root and the course's parent delegate the three controllers.
    "cgroup.subtree_control": "+memory +cpu +pids",
    "cnn-course/cgroup.subtree_control": "+memory +cpu +pids",
    "cnn-course/ana/memory.max": String(2 * 2 ** 30),
    "cnn-course/ana/memory.swap.max": "0",
    "cnn-course/ana/cpu.max": "100000 100000",
    "cnn-course/ana/pids.max": "512",
  });
});

Deno.test("cgroup v2: half a core is a 50 ms quota per 100 ms; no memory limit writes none", async () => {
  const got = await layout(v2Root, 0, 0.5);
  assert.equal(got.files["cnn-course/ana/cpu.max"], "50000 100000");
  assert.equal(got.files["cnn-course/ana/memory.max"], undefined);
  assert.equal(got.files["cnn-course/ana/pids.max"], "512");
});

Deno.test("cgroup v1: memory, CPU and pids controllers each get the student's folder", async () => {
  const own = (await Deno.readTextFile("/proc/self/cgroup")).split("\n");
  // The spawner nests under its own v1 cgroup of each controller.
  const base = (controller: string) => {
    const line = own.find((l) =>
      l.split(":")[1]?.split(",").includes(controller)
    );
    return (line?.split(":")[2] ?? "/").replace(/^\//, "");
  };
  const got = await layout(
    async (root) => {
      for (const c of ["memory", "cpu", "pids"]) {
        await Deno.mkdir(join(root, c));
      }
    },
    2 ** 30,
    1,
  );
  const dir = (c: string) => join(c, base(c), "cnn-course", "ana");
  assert.deepEqual(got.procs, [
    join(dir("memory"), "cgroup.procs"),
    join(dir("cpu"), "cgroup.procs"),
    join(dir("pids"), "cgroup.procs"),
  ]);
  assert.deepEqual(got.files, {
    [join(dir("memory"), "memory.limit_in_bytes")]: String(2 ** 30),
    [join(dir("memory"), "memory.memsw.limit_in_bytes")]: String(2 ** 30),
    [join(dir("cpu"), "cpu.cfs_period_us")]: "100000",
    [join(dir("cpu"), "cpu.cfs_quota_us")]: "100000",
    [join(dir("pids"), "pids.max")]: "512",
  });
});

Deno.test("cgroup v2 without swap accounting: memory.max alone, still a cgroup (not the rlimit fallback)", async () => {
  const got = await layout(v2Root, 2 ** 30, 1, ["--no-swap-accounting"]);
  assert.deepEqual(got.procs, ["cnn-course/ana/cgroup.procs"]);
  assert.equal(got.files["cnn-course/ana/memory.max"], String(2 ** 30));
  assert.equal(got.files["cnn-course/ana/memory.swap.max"], undefined);
  assert.equal(got.files["cnn-course/ana/cpu.max"], "100000 100000");
});
