import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../../tools/notebook_files.ts";

Deno.test("the README's first lines give exactly the two commands: course and test", async () => {
  const readme = await Deno.readTextFile(join(ROOT, "README.md"));
  const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme.slice(0, 600));
  assert.ok(firstBlock, "a shell block near the top of the README");
  const commands = firstBlock[1].trim().split("\n").map((l) =>
    l.replace(/#.*$/, "").trim()
  );
  assert.deepEqual(commands, ["deno task course", "deno task test"]);
  const tasks = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")))
    .tasks;
  for (
    const t of [
      "course",
      "test",
      "setup",
      "notebooks",
      "render",
      "teacher",
      "strip",
    ]
  ) {
    assert.ok(tasks[t], `deno.json has task ${t}`);
  }
});

Deno.test(".ci/run is executable bash that stops on errors and pins Deno", async () => {
  const path = join(ROOT, ".ci", "run");
  const info = await Deno.stat(path);
  assert.ok((info.mode ?? 0) & 0o111, ".ci/run is executable");
  const text = await Deno.readTextFile(path);
  assert.match(text, /^#!\/usr\/bin\/env bash\n/);
  assert.match(text, /^set -euo pipefail$/m);
  assert.match(text, /DENO_VERSION="2\.9\.6"/);
  assert.match(text, /^deno task ok$/m);
  const syntax = await new Deno.Command("bash", { args: ["-n", path] })
    .output();
  assert.ok(syntax.success, new TextDecoder().decode(syntax.stderr));
});

Deno.test(".ci/run fails when a step fails and skips notebooks when there are none", async () => {
  // Run the script against a scratch copy whose tools are stubs: a fake
  // `deno` (right version, `task ok` fails on demand) and `dpkg` saying
  // every package is installed, so nothing is installed for real.
  const dir = await Deno.makeTempDir({ prefix: "cnn-ci-" });
  try {
    await Deno.mkdir(join(dir, ".ci"));
    await Deno.mkdir(join(dir, "bin"));
    await Deno.copyFile(join(ROOT, ".ci", "run"), join(dir, ".ci", "run"));
    const stub = (name: string, body: string) =>
      Deno.writeTextFile(join(dir, "bin", name), `#!/bin/sh\n${body}\n`, {
        mode: 0o755,
      });
    await stub(
      "deno",
      `if [ "$1" = "--version" ]; then echo "deno 2.9.6 (stable)"; exit 0; fi
echo "deno $*\${CNN_QUICK:+ [CNN_QUICK=\$CNN_QUICK]}" >> "${dir}/calls"
if [ "$1 $2" = "task ok" ] && [ -n "$FAIL_OK" ]; then exit 3; fi
exit 0`,
    );
    await stub("dpkg", "exit 0");
    await stub("npm", `echo "npm $*" >> "${dir}/calls"; exit 0`);
    const run = async (env: Record<string, string>) => {
      await Deno.remove(join(dir, "calls")).catch(() => {});
      const out = await new Deno.Command("bash", {
        args: [join(dir, ".ci", "run")],
        env: { PATH: `${dir}/bin:/usr/bin:/bin`, ...env },
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const calls = await Deno.readTextFile(join(dir, "calls")).catch(() => "");
      return {
        code: out.code,
        out: new TextDecoder().decode(out.stdout),
        calls,
      };
    };

    const failing = await run({ FAIL_OK: "1" });
    assert.equal(failing.code, 3);
    assert.doesNotMatch(failing.out, /CI passed/);

    const passing = await run({});
    assert.equal(passing.code, 0, passing.out);
    assert.match(passing.out, /No notebooks under notebooks\/: skipping/);
    assert.equal(
      passing.calls,
      "deno task ok\ndeno task rss\n",
      "no npm install, no notebooks",
    );

    await Deno.mkdir(join(dir, "notebooks"));
    await Deno.writeTextFile(join(dir, "notebooks", "a.ipynb"), "{}");
    const withNotebooks = await run({});
    assert.equal(withNotebooks.code, 0, withNotebooks.out);
    assert.equal(
      withNotebooks.calls,
      "deno task ok\ndeno task rss\ndeno task check:notebooks\ndeno task setup\ndeno task notebooks [CNN_QUICK=1]\ndeno task render --teacher\ndeno task check:site --teacher\n",
      "only the chapters are executed (quick); the exercises' copies come from the tests",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
