// The README's two commands are what CI and the fresh-machine proof run:
// all three read them from the README through tools/setup/readme_commands.sh.
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../../tools/notebooks/files.ts";

async function bash(script: string, env: Record<string, string> = {}) {
  const out = await new Deno.Command("bash", {
    args: ["-c", script],
    cwd: ROOT,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    out: new TextDecoder().decode(out.stdout),
    err: new TextDecoder().decode(out.stderr),
  };
}

/** The README's first shell block, as a reader sees it. */
async function readmeCommands(readme = join(ROOT, "README.md")) {
  const text = await Deno.readTextFile(readme);
  const block = /```sh\n([\s\S]*?)```/.exec(text.slice(0, 800));
  assert.ok(block, "a shell block near the top of the README");
  return block[1].trim().split("\n").map((l) => l.replace(/#.*$/, "").trim());
}

Deno.test("the README opens with two commands that bring Deno themselves: course and test", async () => {
  const [course, test] = await readmeCommands();
  const deno = /^(npx --yes deno@\d+\.\d+\.\d+) task course$/.exec(course);
  assert.ok(deno, `the course command brings a pinned Deno: ${course}`);
  assert.equal(test, `${deno[1]} task test`);
  const r = await bash(
    '. tools/setup/readme_commands.sh && readme_commands README.md && printf "%s\\n%s\\n%s\\n" "$COURSE_CMD" "$TEST_CMD" "$DENO"',
  );
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, `${course}\n${test}\n${deno[1]}\n`);
  const tasks = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")))
    .tasks;
  for (const t of ["course", "test", "setup", "check:static", "render"]) {
    assert.ok(tasks[t], `deno.json has task ${t}`);
  }
  assert.match(tasks.test, /tools\/setup\/main\.ts test && deno test/);
});

Deno.test("readme_commands refuses a README whose first block is not the two commands", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cnn-readme-" });
  try {
    for (
      const [block, why] of [
        ["deno task course\n", /exactly two commands/],
        ["a task course\nb task test\n", /same Deno/],
        ["x task test\nx task course\n", /must end in 'task course'/],
      ] as const
    ) {
      await Deno.writeTextFile(
        join(dir, "R.md"),
        "# t\n\n```sh\n" + block + "```\n",
      );
      const r = await bash(
        `. tools/setup/readme_commands.sh && readme_commands ${dir}/R.md`,
      );
      assert.notEqual(r.code, 0);
      assert.match(r.err, why);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the fresh-machine proof runs the README's two commands (and the course again)", async () => {
  const text = await Deno.readTextFile(
    join(ROOT, "tools", "setup", "fresh_machine.sh"),
  );
  assert.match(text, /^\. "\$repo\/tools\/setup\/readme_commands\.sh"$/m);
  assert.match(text, /^run_step course "\$COURSE_CMD" "\$mode_env"$/m);
  assert.match(text, /^run_step test "\$TEST_CMD"$/m);
  assert.match(text, /^run_step course-again "\$COURSE_CMD" "\$mode_env"$/m);
  assert.match(text, /--include=nodejs,npm,ca-certificates/);
  const syntax = await bash("bash -n tools/setup/fresh_machine.sh");
  assert.equal(syntax.code, 0, syntax.err);
});

Deno.test(".ci/run runs the README's commands verbatim, in order, and installs nothing itself", async () => {
  const info = await Deno.stat(join(ROOT, ".ci", "run"));
  assert.ok((info.mode ?? 0) & 0o111, ".ci/run is executable");
  const text = await Deno.readTextFile(join(ROOT, ".ci", "run"));
  assert.match(text, /^#!\/usr\/bin\/env bash\n/);
  assert.match(text, /^set -euo pipefail$/m);
  assert.doesNotMatch(text, /apt-get|npm (i|install)|pip install/);

  // A scratch copy with stand-ins for npx (it records what CI asks for) and
  // for the installers (which must never be called by .ci/run).
  const dir = await Deno.makeTempDir({ prefix: "cnn-ci-" });
  try {
    for (
      const f of [".ci/run", "tools/setup/readme_commands.sh", "README.md"]
    ) {
      await Deno.mkdir(join(dir, f, ".."), { recursive: true });
      await Deno.copyFile(join(ROOT, f), join(dir, f));
    }
    await Deno.mkdir(join(dir, "bin"));
    const stub = (name: string, body: string) =>
      Deno.writeTextFile(join(dir, "bin", name), `#!/bin/sh\n${body}\n`, {
        mode: 0o755,
      });
    await stub(
      "npx",
      `echo "npx $*\${CNN_QUICK:+ [CNN_QUICK=\$CNN_QUICK]}" >> "${dir}/calls"
case "$*" in *"task test"*) [ -n "$FAIL_TEST" ] && exit 3;; esac
exit 0`,
    );
    for (const installer of ["apt-get", "npm", "sudo", "pip"]) {
      await stub(installer, `echo "${installer} $*" >> "${dir}/calls"; exit 1`);
    }
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
    const [course, test] = await readmeCommands();
    const deno = test.replace(/ task test$/, "");

    const failing = await run({ FAIL_TEST: "1" });
    assert.equal(failing.code, 3);
    assert.doesNotMatch(failing.out, /CI passed/);

    const bare = await run({});
    assert.equal(bare.code, 0, bare.out);
    assert.match(bare.out, /No notebooks under notebooks\/: skipping/);
    assert.equal(
      bare.calls,
      `${deno} task check:static\n${test}\n${deno} task rss\n${deno} task gpu:bundle\n${deno} task gpu:proof\n${deno} task check:hub\n`,
    );

    await Deno.mkdir(join(dir, "notebooks"));
    await Deno.writeTextFile(join(dir, "notebooks", "a.ipynb"), "{}");
    const full = await run({});
    assert.equal(full.code, 0, full.out);
    assert.equal(
      full.calls,
      [
        `${deno} task check:static`,
        test,
        `${deno} task rss`,
        `${deno} task gpu:bundle`,
        `${deno} task gpu:proof`,
        `${deno} task check:hub`,
        `${deno} task check:notebooks`,
        `${course} [CNN_QUICK=1]`,
        `${deno} task check:ui`,
        `${deno} task render --teacher`,
        `${deno} task check:site --teacher`,
        "",
      ].join("\n"),
      "the README's test command, then its course command in quick mode and the UI check; no installer",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
