import assert from "node:assert/strict";
import { join } from "node:path";
import {
  installUserKernelspec,
  PROXY_FILE,
  PROXY_HELPERS,
  PROXY_SOURCE,
  proxyPython,
} from "../../tools/notebooks/kernelspec.ts";
import { ROOT } from "../../tools/notebooks/files.ts";
import { tempDir } from "./helpers.ts";

Deno.test("setup installs the Deno kernelspec with interrupt_mode signal and NO_COLOR, inside the routing proxy, keeping what deno wrote", async () => {
  const [home, cleanup] = await tempDir("home");
  try {
    const env = { HOME: home, XDG_DATA_HOME: join(home, ".local", "share") };
    const first = await installUserKernelspec(env);
    assert.ok(first.dir.startsWith(home), `installed in ${first.dir}`);
    const file = join(first.dir, "kernel.json");
    const spec = JSON.parse(await Deno.readTextFile(file));
    assert.equal(spec.interrupt_mode, "signal");
    assert.deepEqual(spec.env, { NO_COLOR: "1" });
    assert.equal(spec.display_name, "Deno");
    assert.equal(spec.language, "typescript");
    // The proxy (copied next to kernel.json) starts deno's own argv with
    // the child's connection file.
    const python = await proxyPython();
    assert.ok(python, "this machine has a Python with zmq and jupyter_client");
    const proxy = join(first.dir, PROXY_FILE);
    assert.deepEqual(spec.argv.slice(0, 4), [
      python,
      proxy,
      "{connection_file}",
      "--",
    ]);
    assert.equal(
      await Deno.readTextFile(proxy),
      await Deno.readTextFile(PROXY_SOURCE),
    );
    for (const helper of PROXY_HELPERS) {
      assert.equal(
        await Deno.readTextFile(join(first.dir, helper)),
        await Deno.readTextFile(join(ROOT, "tools", "notebooks", helper)),
        `${helper} is copied next to the proxy`,
      );
    }
    assert.deepEqual(spec.argv.slice(5), [
      "jupyter",
      "--kernel",
      "--conn",
      "{child_connection_file}",
    ]);
    // deno writes the path it was started by (npm installs a symlink to it).
    assert.equal(
      await Deno.realPath(spec.argv[4]),
      await Deno.realPath(Deno.execPath()),
    );
    // Running setup again (deno overwrites with --force) gives the same file
    // and leaves no temp files next to it.
    await installUserKernelspec(env);
    assert.deepEqual(JSON.parse(await Deno.readTextFile(file)), spec);
    const names = [];
    for await (const e of Deno.readDir(first.dir)) names.push(e.name);
    assert.deepEqual(names.filter((n) => n.startsWith(".tmp")), []);
  } finally {
    await cleanup();
  }
});

async function runSetup(python: string) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "tools/course.ts", "course"],
    cwd: ROOT,
    env: { CNN_PYTHON: python, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("a CNN_PYTHON without Jupyter: the course command stops with one line saying what to do", async () => {
  const [dir, cleanup] = await tempDir("nopy");
  try {
    // A Python without nbclient, and no Python at all.
    const fake = join(dir, "python3");
    await Deno.writeTextFile(
      fake,
      "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'nbclient'\" >&2\nexit 1\n",
    );
    await Deno.chmod(fake, 0o755);
    for (const python of [fake, join(dir, "missing", "python3")]) {
      const r = await runSetup(python);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, "", "nothing installed, nothing executed");
      assert.equal(
        r.stderr,
        `error: CNN_PYTHON=${python} cannot import nbclient and nbconvert: install them there (\`${python} -m pip install nbclient nbconvert jupyter_client\`) or unset CNN_PYTHON, then run the command again.\n`,
      );
    }
  } finally {
    await cleanup();
  }
});
