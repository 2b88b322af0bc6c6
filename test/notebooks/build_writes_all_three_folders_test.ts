/**
 * `deno task notebooks:build` (tools/notebooks/build.ts) builds the chapters
 * from `notebooks/src/`, and each exercise and its solution from one source in
 * `notebooks/src/ejercicios/`; `--check` fails naming any notebook that is out
 * of date, and a malformed source fails naming its file and line.
 */
import assert from "node:assert/strict";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildAll,
  NOTEBOOKS_DIR,
  notebookTargets,
  staleNotebooks,
} from "../../tools/notebooks/build.ts";

const TOOLS = [
  "build.ts",
  "metadata.ts",
  "source.ts",
  "solution_regions.ts",
]
  .map((f) =>
    fileURLToPath(new URL(`../../tools/notebooks/${f}`, import.meta.url))
  );

/** `lib/files/`, which the build imports for its atomic writes. */
const ATOMIC_WRITER = ["mod.ts", "atomic.ts", "fault_points.ts"]
  .map((f) => fileURLToPath(new URL(`../../lib/files/${f}`, import.meta.url)));

const CHAPTER =
  `// %% [markdown] id="titulo"\n// # Capítulo\n\n// %% id="codigo"\nconst a = 1;\n`;

function exercise(answer: string): string {
  return [
    '// %% [markdown] id="titulo"',
    "// # Ejercicio",
    "",
    '// %% id="respuesta"',
    "const n = {",
    "  // ### BEGIN SOLUTION",
    `  valor: ${answer},`,
    "  // ### STUB",
    "  // valor: undefined, // TODO",
    "  // ### END SOLUTION",
    "};",
    "",
    '// %% id="solucion-ver" solution',
    "n;",
    "",
  ].join("\n");
}

/** A scratch `notebooks/` tree: one chapter and one exercise source. */
async function scratchTree(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "cnn-build-" });
  const notebooks = join(root, "notebooks");
  await Deno.mkdir(join(notebooks, "src", "ejercicios"), { recursive: true });
  await Deno.writeTextFile(join(notebooks, "src", "00_a.ts"), CHAPTER);
  await Deno.writeTextFile(
    join(notebooks, "src", "ejercicios", "01_b.ts"),
    exercise("1"),
  );
  return root;
}

Deno.test("the build covers the chapters, the exercises and their solutions", () => {
  const folders = new Set(
    notebookTargets().map((t) => relative(NOTEBOOKS_DIR, dirname(t.notebook))),
  );
  assert.deepEqual([...folders], ["", "ejercicios", "soluciones"]);
});

Deno.test("buildAll writes a chapter, and an exercise and its solution from one source", async () => {
  const root = await scratchTree();
  try {
    const base = join(root, "notebooks");
    assert.deepEqual(staleNotebooks(base), [
      "00_a.ipynb",
      "ejercicios/01_b.ipynb",
      "soluciones/01_b.ipynb",
    ]);
    assert.deepEqual(await buildAll(base), [
      join(base, "00_a.ipynb"),
      join(base, "ejercicios", "01_b.ipynb"),
      join(base, "soluciones", "01_b.ipynb"),
    ]);
    assert.deepEqual(staleNotebooks(base), []);
    const read = async (p: string) =>
      JSON.parse(await Deno.readTextFile(join(base, p)));
    const ex = await read("ejercicios/01_b.ipynb");
    const sol = await read("soluciones/01_b.ipynb");
    assert.equal(ex.metadata.title, "Ejercicio");
    assert.equal(sol.metadata.title, "Ejercicio (solución)");
    assert.deepEqual(ex.metadata.cnn_course, {
      exercise: "01_b",
      kind: "ejercicio",
    });
    assert.deepEqual(sol.metadata.cnn_course, {
      exercise: "01_b",
      kind: "solucion",
    });
    assert.deepEqual(ex.cells[1].source, [
      "const n = {\n",
      "  valor: undefined, // TODO\n",
      "};",
    ]);
    assert.deepEqual(ex.cells[1].metadata.tags, ["respuesta"]);
    assert.deepEqual(sol.cells[1].source, [
      "const n = {\n",
      "  valor: 1,\n",
      "};",
    ]);
    assert.deepEqual(ex.cells.map((c: { id: string }) => c.id), [
      "titulo",
      "respuesta",
    ]);
    assert.deepEqual(sol.cells.map((c: { id: string }) => c.id), [
      "titulo",
      "respuesta",
      "solucion-ver",
    ]);
    assert.deepEqual(await buildAll(base), [], "nothing rewritten");

    // Changing the solution leaves the student notebook as it is.
    await Deno.writeTextFile(
      join(base, "src", "ejercicios", "01_b.ts"),
      exercise("2"),
    );
    assert.deepEqual(staleNotebooks(base), ["soluciones/01_b.ipynb"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("--check fails naming a stale exercise; the build fixes it; unknown flags are refused", async () => {
  const root = await scratchTree();
  try {
    // A copy of the tool finds the scratch tree as its own `../../notebooks`.
    await Deno.mkdir(join(root, "tools", "notebooks"), { recursive: true });
    for (const tool of TOOLS) {
      await Deno.copyFile(
        tool,
        join(root, "tools", "notebooks", basename(tool)),
      );
    }
    // The build writes through the library's atomic writer.
    await Deno.mkdir(join(root, "lib", "files"), { recursive: true });
    for (const file of ATOMIC_WRITER) {
      await Deno.copyFile(file, join(root, "lib", "files", basename(file)));
    }
    const run = async (...args: string[]) => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--no-config", "tools/notebooks/build.ts", ...args],
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
      /Out of date: 00_a\.ipynb, ejercicios\/01_b\.ipynb, soluciones\/01_b\.ipynb\. Run: deno task notebooks:build/,
    );
    const build = await run();
    assert.equal(build.code, 0, build.text);
    assert.equal(build.text.match(/^wrote /gm)?.length, 3, build.text);
    const after = await run("--check");
    assert.equal(after.code, 0, after.text);
    // A notebook left behind by a renamed exercise is named too.
    const orphan = join(root, "notebooks", "soluciones", "09_viejo.ipynb");
    await Deno.writeTextFile(orphan, "{}\n");
    const left = await run("--check");
    assert.equal(left.code, 1, left.text);
    assert.match(
      left.text,
      /No source builds soluciones\/09_viejo\.ipynb: delete it/,
    );
    assert.doesNotMatch(left.text, /Out of date/);
    await Deno.remove(orphan);

    const bad = await run("--chek");
    assert.equal(bad.code, 2);
    assert.match(bad.text, /Unknown argument --chek/);

    // An unclosed region: the build names the file and line, writes nothing.
    const src = join(root, "notebooks", "src", "ejercicios", "01_b.ts");
    await Deno.writeTextFile(
      src,
      exercise("3").replace(/ {2}\/\/ ### (STUB|END SOLUTION)\n/g, ""),
    );
    const before2 = await Deno.readTextFile(
      join(root, "notebooks", "00_a.ipynb"),
    );
    await Deno.writeTextFile(
      join(root, "notebooks", "src", "00_a.ts"),
      CHAPTER.replace("1", "2"),
    );
    const broken = await run();
    assert.equal(broken.code, 1, broken.text);
    assert.match(
      broken.text,
      /01_b\.ts:6: "\/\/ ### BEGIN SOLUTION" is not closed: cell "respuesta" ends before its "\/\/ ### END SOLUTION"/,
    );
    assert.doesNotMatch(broken.text, /wrote /);
    assert.equal(
      await Deno.readTextFile(join(root, "notebooks", "00_a.ipynb")),
      before2,
      "a malformed source leaves every notebook as it was",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
