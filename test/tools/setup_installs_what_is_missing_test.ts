// The set-up's decisions on a faked machine: which installer is chosen, what
// runs, and what the user reads — without installing anything.
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Host, RunOptions, RunResult } from "../../tools/setup/host.ts";
import { ensureRequirements, SetupError } from "../../tools/setup/install.ts";
import {
  COMMAND_NEEDS,
  shebangPython,
  VENV_DIR,
} from "../../tools/setup/requirements.ts";

interface FakeMachine {
  uid?: number;
  programs?: Record<string, string>;
  files?: string[];
  env?: Record<string, string>;
  /** Pythons (paths) that import Jupyter. */
  jupyterIn?: string[];
  /** Answers for commands not handled by default (key: program + args). */
  answer?: (cmd: string[], options?: RunOptions) => RunResult | undefined;
}

class FakeHost implements Host {
  readonly calls: string[][] = [];
  readonly said: string[] = [];
  readonly files: Set<string>;
  constructor(readonly m: FakeMachine) {
    this.files = new Set(m.files ?? []);
  }
  uid = () => this.m.uid ?? 1000;
  which = (p: string) => this.m.programs?.[p];
  exists = (p: string) =>
    this.files.has(p) || Object.values(this.m.programs ?? {}).includes(p);
  readText = (p: string) =>
    p.endsWith("/jupyter") ? "#!/home/ana/venv/bin/python\n" : undefined;
  list = (dir: string) =>
    [...this.files].filter((f) => f.startsWith(dir + "/")).map((f) =>
      f.slice(dir.length + 1)
    );
  env = (name: string) => this.m.env?.[name];
  say = (line: string) => {
    this.said.push(line);
  };
  run(program: string, args: string[], options?: RunOptions) {
    const cmd = [program, ...args];
    this.calls.push(cmd);
    const ok = { code: 0, stdout: "", stderr: "" };
    const fail = { code: 1, stdout: "", stderr: "No module named 'nbclient'" };
    const custom = this.m.answer?.(cmd, options);
    if (custom) return Promise.resolve(custom);
    if (args[0] === "-c" && args[1].startsWith("import nbclient")) {
      return Promise.resolve(this.m.jupyterIn?.includes(program) ? ok : fail);
    }
    return Promise.resolve(ok);
  }
  /** The commands that install something (apt-get, pip, venv). */
  installs(): string[] {
    return this.calls.map((c) => c.join(" ")).filter((c) =>
      /apt-get|pip install| -m venv /.test(c)
    );
  }
}

const DEBIAN = {
  "apt-get": "/usr/bin/apt-get",
  dpkg: "/usr/bin/dpkg",
  python3: "/usr/bin/python3",
};

Deno.test("nothing missing: nothing runs and nothing is printed (a second run)", async () => {
  const host = new FakeHost({
    uid: 0,
    programs: { ...DEBIAN, chromium: "/usr/bin/chromium" },
    files: ["/usr/share/vulkan/icd.d/lvp_icd.x86_64.json"],
    jupyterIn: ["/usr/bin/python3"],
  });
  const plan = await ensureRequirements(host, [
    "jupyter",
    "vulkan",
    "chromium",
  ]);
  assert.equal(plan.kind, "nothing");
  assert.deepEqual(host.said, []);
  assert.deepEqual(host.installs(), []);
});

Deno.test("JupyterLab from pip (the Python behind `jupyter`) counts: nothing is installed", async () => {
  const host = new FakeHost({
    programs: { ...DEBIAN, jupyter: "/home/ana/venv/bin/jupyter" },
    files: ["/home/ana/venv/bin/python"],
    jupyterIn: ["/home/ana/venv/bin/python"],
  });
  assert.equal((await ensureRequirements(host, ["jupyter"])).kind, "nothing");
  assert.deepEqual(host.installs(), []);
  assert.equal(shebangPython("#!/usr/bin/env python3\n"), "python3");
  assert.equal(shebangPython("#!/bin/sh\n"), undefined);
});

Deno.test("root with apt: apt-get installs the missing packages once, then says so", async () => {
  let installed = false;
  const host = new FakeHost({
    uid: 0,
    programs: DEBIAN,
    answer: (cmd) => {
      if (cmd.includes("install") && cmd.includes("apt-get")) installed = true;
      if (cmd[1] === "-c" && cmd[2]?.startsWith("import nbclient")) {
        return { code: installed ? 0 : 1, stdout: "", stderr: "" };
      }
      return undefined;
    },
  });
  const plan = await ensureRequirements(host, ["jupyter"]);
  assert.equal(plan.kind, "apt");
  const installs = host.installs();
  assert.equal(installs.length, 2);
  assert.match(
    installs[0],
    /^env DEBIAN_FRONTEND=noninteractive apt-get .* update/,
  );
  assert.match(
    installs[1],
    /apt-get -o DPkg::Lock::Timeout=120 install -y -q --no-install-recommends jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel$/,
  );
  assert.ok(!installs[1].startsWith("sudo"), "root needs no sudo");
  assert.match(
    host.said[0],
    /^Installing Jupyter \(nbclient, nbconvert\) with apt-get \(once\)/,
  );
  assert.equal(host.said.at(-1), "Installed Jupyter (nbclient, nbconvert).");
});

Deno.test("password-less sudo: apt-get runs through sudo -n", async () => {
  const host = new FakeHost({
    programs: { ...DEBIAN, sudo: "/usr/bin/sudo" },
    files: [],
    answer: (cmd) => {
      if (cmd[0] === "sudo" && cmd.includes("install")) {
        host.files.add("/usr/bin/chromium-installed");
      }
      return undefined;
    },
  });
  // Chromium "appears" once apt ran.
  host.which = (p: string) =>
    p === "chromium" && host.files.has("/usr/bin/chromium-installed")
      ? "/usr/bin/chromium"
      : (DEBIAN as Record<string, string>)[p] ??
        (p === "sudo" ? "/usr/bin/sudo" : undefined);
  const plan = await ensureRequirements(host, ["chromium"]);
  assert.equal(plan.kind, "apt");
  assert.ok(host.calls.some((c) => c.join(" ") === "sudo -n true"));
  assert.ok(
    host.installs().every((c) => c.startsWith("sudo -n env DEBIAN_FRONTEND")),
    host.installs().join("\n"),
  );
});

Deno.test("no root, no sudo, pip reaches its index: Jupyter goes into the project's .venv", async () => {
  const venvPython = join(VENV_DIR, "bin", "python");
  let pipDone = false;
  const host = new FakeHost({
    programs: { ...DEBIAN, sudo: "/usr/bin/sudo" },
    answer: (cmd) => {
      if (cmd.join(" ") === "sudo -n true") {
        return { code: 1, stdout: "", stderr: "sudo: a password is required" };
      }
      if (cmd[0] === venvPython && cmd.includes("install")) pipDone = true;
      if (cmd[1] === "-c" && cmd[2]?.startsWith("import nbclient")) {
        return {
          code: cmd[0] === venvPython && pipDone ? 0 : 1,
          stdout: "",
          stderr: "",
        };
      }
      return undefined;
    },
  });
  host.exists = (p: string) =>
    p === "/usr/bin/python3" || (p === venvPython && pipDone);
  const plan = await ensureRequirements(host, ["jupyter"]);
  assert.equal(plan.kind, "venv");
  const installs = host.installs();
  assert.deepEqual(installs, [
    `/usr/bin/python3 -m venv ${VENV_DIR}`,
    `${venvPython} -m pip install --quiet nbclient nbconvert jupyter_client ipykernel`,
  ]);
  assert.ok(!installs.some((c) => c.includes("apt-get")));
});

Deno.test("no root, no sudo, no pip index: stops before doing anything, with the exact command", async () => {
  const host = new FakeHost({
    programs: { ...DEBIAN },
    answer: (cmd) =>
      cmd.includes("download")
        ? { code: 1, stdout: "", stderr: "ERROR: Could not find a version" }
        : undefined,
  });
  await assert.rejects(
    () => ensureRequirements(host, ["jupyter", "chromium"]),
    (e: Error) => {
      assert.ok(e instanceof SetupError);
      assert.equal(
        e.message,
        "Missing: Jupyter (nbclient, nbconvert), Chromium. Install with `sudo apt-get install -y jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel chromium`, then run the command again.",
      );
      assert.ok(!e.message.includes("\n"), "one line");
      return true;
    },
  );
  assert.deepEqual(host.installs(), [], "nothing was installed");
  assert.deepEqual(host.said, []);
});

Deno.test("apt's lock held by another process: a waiting message, then a clear error", async () => {
  const lockLine =
    "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)";
  const host = new FakeHost({
    uid: 0,
    programs: DEBIAN,
    answer: (cmd, options) => {
      if (cmd.includes("install") && cmd.includes("apt-get")) {
        options?.onStderrLine?.(
          "Waiting for cache lock: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)... 5s",
        );
        return { code: 100, stdout: "", stderr: lockLine };
      }
      return undefined;
    },
  });
  await assert.rejects(
    () => ensureRequirements(host, ["chromium"]),
    (e: Error) => {
      assert.equal(
        e.message,
        "apt is busy: process 4242 (apt-get) still holds /var/lib/dpkg/lock-frontend after 120 s; wait for it to finish, then run the command again.",
      );
      return true;
    },
  );
  assert.ok(
    host.said.includes(
      "Waiting for apt: process 4242 (apt-get) holds its lock (up to 120 s)…",
    ),
    host.said.join("\n"),
  );
});

Deno.test("no network and nothing cached: one line saying what could not be fetched", async () => {
  const host = new FakeHost({
    uid: 0,
    programs: DEBIAN,
    answer: (cmd) => {
      if (cmd.includes("update")) {
        return {
          code: 0,
          stdout: "",
          stderr:
            "W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Temporary failure resolving 'deb.debian.org'",
        };
      }
      if (cmd.includes("install")) {
        return {
          code: 100,
          stdout: "",
          stderr: "E: Unable to locate package chromium",
        };
      }
      return undefined;
    },
  });
  await assert.rejects(
    () => ensureRequirements(host, ["vulkan", "chromium"]),
    (e: Error) => {
      assert.match(
        e.message,
        /^Could not download a Vulkan driver \(Mesa's, for WebGPU without a GPU\), Chromium \(apt: "Failed to fetch"; no network\?\): connect to the network and run the command again, or install them with `sudo apt-get install -y mesa-vulkan-drivers chromium`\.$/,
      );
      return true;
    },
  );
});

Deno.test("CNN_PYTHON pinned to a Python without Jupyter: says so instead of installing", async () => {
  const host = new FakeHost({
    uid: 0,
    programs: DEBIAN,
    files: ["/opt/py/bin/python"],
    env: { CNN_PYTHON: "/opt/py/bin/python" },
    jupyterIn: ["/usr/bin/python3"],
  });
  await assert.rejects(
    () => ensureRequirements(host, ["jupyter"]),
    /^SetupError: CNN_PYTHON=\/opt\/py\/bin\/python cannot import nbclient and nbconvert: install them there/,
  );
  assert.deepEqual(host.installs(), []);
});

Deno.test("the GPU proof's peer: a Python without torch gets Debian's python3-torch; with torch nothing", async () => {
  const machine = (hasTorch: boolean) => {
    let torch = hasTorch;
    return new FakeHost({
      uid: 0,
      programs: DEBIAN,
      files: ["/usr/share/vulkan/icd.d/lvp_icd.x86_64.json"],
      answer: (cmd) => {
        if (cmd.includes("apt-get") && cmd.includes("python3-torch")) {
          torch = true; // what apt-get would do
        }
        return cmd[1] === "-c" && cmd[2] === "import torch"
          ? { code: torch ? 0 : 1, stdout: "", stderr: "" }
          : undefined;
      },
    });
  };
  const without = machine(false);
  await ensureRequirements(without, COMMAND_NEEDS.gpu);
  assert.ok(
    without.installs().some((c) =>
      c.includes("apt-get") && c.includes("python3-torch")
    ),
    without.installs().join("\n"),
  );
  const withTorch = machine(true);
  assert.equal(
    (await ensureRequirements(withTorch, COMMAND_NEEDS.gpu)).kind,
    "nothing",
  );
  assert.deepEqual(withTorch.installs(), []);
});
