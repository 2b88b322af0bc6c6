/**
 * `deno task notebooks:build` (tools/build_notebooks.ts) builds the chapters,
 * the exercises and the solutions from their `src/` folders, and `--check`
 * fails naming any of them that is out of date.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildFolders,
  NOTEBOOK_FOLDERS,
  NOTEBOOKS_DIR,
  staleInFolders,
} from "../../tools/build_notebooks.ts";

const TOOL = fileURLToPath(
  new URL("../../tools/build_notebooks.ts", import.meta.url),
);
const FOLDERS = ["", "ejercicios", "soluciones"];

function source(title: string): string {
  return `// %% [markdown] id="titulo"\n// # ${title}\n\n// %% id="codigo"\nconst a = 1;\n`;
}

/** A scratch `notebooks/` tree with one source in each folder. */
async function scratchTree(): Promise<{ root: string; dirs: string[] }> {
  const root = await Deno.makeTempDir({ prefix: "cnn-build-" });
  const dirs = FOLDERS.map((f) => join(root, "notebooks", f));
  for (const [i, dir] of dirs.entries()) {
    await Deno.mkdir(join(dir, "src"), { recursive: true });
    await Deno.writeTextFile(join(dir, "src", `0${i}_a.ts`), source(`N${i}`));
  }
  return { root, dirs };
}

Deno.test("the build covers the chapters, the exercises and the solutions", () => {
  assert.deepEqual(
    NOTEBOOK_FOLDERS,
    FOLDERS.map((f) => join(NOTEBOOKS_DIR, f)),
  );
});

Deno.test("buildFolders writes each folder's notebooks and leaves up-to-date ones alone", async () => {
  const { root, dirs } = await scratchTree();
  try {
    const base = join(root, "notebooks");
    assert.deepEqual(staleInFolders(dirs, base), [
      "00_a.ipynb",
      "ejercicios/01_a.ipynb",
      "soluciones/02_a.ipynb",
    ]);
    assert.deepEqual(buildFolders(dirs), [
      join(dirs[0], "00_a.ipynb"),
      join(dirs[1], "01_a.ipynb"),
      join(dirs[2], "02_a.ipynb"),
    ]);
    assert.deepEqual(staleInFolders(dirs, base), []);
    const nb = JSON.parse(await Deno.readTextFile(join(dirs[1], "01_a.ipynb")));
    assert.equal(nb.metadata.title, "N1");
    assert.deepEqual(buildFolders(dirs), [], "nothing rewritten");

    await Deno.writeTextFile(join(dirs[2], "src", "02_a.ts"), source("Otro"));
    assert.deepEqual(staleInFolders(dirs, base), ["soluciones/02_a.ipynb"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("--check fails naming a stale exercise; the build fixes it; unknown flags are refused", async () => {
  const { root } = await scratchTree();
  try {
    // A copy of the tool finds the scratch tree as its own `../notebooks`.
    await Deno.mkdir(join(root, "tools"));
    await Deno.copyFile(TOOL, join(root, "tools", "build_notebooks.ts"));
    const run = async (...args: string[]) => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--no-config", "tools/build_notebooks.ts", ...args],
        cwd: root,
        env: { NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const dec = new TextDecoder();
      return {
        code: out.code,
        text: dec.decode(out.stdout) + dec.decode(out.stderr),
      };
    };
    const before = await run("--check");
    assert.equal(before.code, 1, before.text);
    assert.match(
      before.text,
      /Out of date: 00_a\.ipynb, ejercicios\/01_a\.ipynb, soluciones\/02_a\.ipynb\. Run: deno task notebooks:build/,
    );
    const build = await run();
    assert.equal(build.code, 0, build.text);
    assert.equal(build.text.match(/^wrote /gm)?.length, 3, build.text);
    const after = await run("--check");
    assert.equal(after.code, 0, after.text);
    const bad = await run("--chek");
    assert.equal(bad.code, 2);
    assert.match(bad.text, /Unknown argument --chek/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
