import assert from "node:assert/strict";
import { join } from "node:path";
import {
  checkNotebooks,
  extractModule,
  hygieneProblems,
} from "../../tools/notebooks/hygiene.ts";
import { stripNotebook, stripNotebooks } from "../../tools/notebooks/strip.ts";
import {
  type Notebook,
  notebookText,
  readNotebook,
} from "../../tools/notebooks/files.ts";
import { sectionNotebooks } from "../../tools/notebooks/run.ts";
import { fixture, tempDir } from "./helpers.ts";

function notebook(
  cells: string[],
  metadata?: Record<string, unknown>,
): Notebook {
  return stripNotebook({
    cells: cells.map((source, i) => ({
      cell_type: i === 0 ? "markdown" : "code",
      id: `c${i}`,
      metadata: {},
      source,
      ...(i === 0 ? {} : { outputs: [], execution_count: null }),
    })),
    metadata: metadata ?? {},
    nbformat: 4,
    nbformat_minor: 5,
  });
}

async function writeTemp(dir: string, name: string, nb: Notebook) {
  const path = join(dir, `${name}.ipynb`);
  await Deno.writeTextFile(path, notebookText(nb));
  return path;
}

Deno.test("strip removes outputs, counts and run metadata, sets the Deno kernelspec, and is idempotent", async () => {
  const [dir, cleanup] = await tempDir("strip");
  try {
    const nb = await readNotebook(fixture("prints"));
    nb.cells[1].outputs = [{
      output_type: "stream",
      name: "stdout",
      text: "x",
    }];
    nb.cells[1].execution_count = 7;
    nb.cells[1].metadata.execution = { "iopub.status.busy": "2026" };
    nb.metadata = { kernelspec: { name: "python3" } };
    const path = await writeTemp(dir, "dirty", nb);
    assert.deepEqual(hygieneProblems(nb).slice(0, 2), [
      "cell 2 has outputs",
      "cell 2 has execution count 7",
    ]);

    assert.deepEqual(await stripNotebooks([path]), [path]);
    const clean = await readNotebook(path);
    assert.deepEqual(hygieneProblems(clean), []);
    assert.deepEqual(clean.cells[1].outputs, []);
    assert.equal(clean.cells[1].execution_count, null);
    assert.deepEqual(clean.cells[1].metadata, {});
    assert.deepEqual(clean.metadata.kernelspec, {
      name: "deno",
      display_name: "Deno",
      language: "typescript",
    });
    assert.deepEqual(await stripNotebooks([path]), [], "second run: no change");
  } finally {
    await cleanup();
  }
});

Deno.test("extraction makes one module per notebook and maps lines back to cells", () => {
  const nb = notebook([
    "# t",
    'import { x } from "../lib/a.ts";\nx;',
    "const y = 1;",
  ]);
  const ex = extractModule(
    nb,
    "/repo/notebooks",
    "/repo/build/nbcheck/notebooks",
  );
  assert.equal(
    ex.text,
    '// cell 2\nimport { x } from "../../../lib/a.ts";\nx;\n// cell 3\nconst y = 1;\nexport {};\n',
  );
  assert.deepEqual(ex.lines[3], [2, 2]);
  assert.deepEqual(ex.lines[5], [3, 1]);
});

Deno.test("the hygiene check reports outputs, redeclarations, lint and formatting with notebook and cell", async () => {
  const [dir, cleanup] = await tempDir("hygiene");
  try {
    const withOutput = await readNotebook(fixture("prints"));
    withOutput.cells[2].outputs = [{
      output_type: "execute_result",
      data: { "text/plain": "42" },
    }];
    const paths = [
      await writeTemp(dir, "salidas", withOutput),
      await writeTemp(
        dir,
        "redeclara",
        notebook([
          "# r",
          "const a = 1;\nconsole.log(a);",
          "const a = 2;\nconsole.log(a);",
        ]),
      ),
      await writeTemp(
        dir,
        "lint",
        notebook(["# l", "let nunca = 1;\nconsole.log(nunca);"]),
      ),
      await writeTemp(
        dir,
        "formato",
        notebook(["# f", "const b = {c:1}\nconsole.log(b);"]),
      ),
      await writeTemp(
        dir,
        "tipos",
        notebook(["# t", 'const n: number = "texto";\nconsole.log(n);']),
      ),
    ];
    const report = await checkNotebooks(paths);
    assert.equal(report.ok, false);
    const text = report.problems.join("\n");
    assert.match(
      text,
      /salidas\.ipynb: cell 3 has outputs — fix with `deno task strip .*salidas\.ipynb`/,
    );
    assert.match(text, /redeclara\.ipynb, cell 2, line 1/);
    assert.match(text, /redeclara\.ipynb, cell 3, line 1/);
    assert.match(text, /Cannot redeclare block-scoped variable 'a'/);
    assert.match(text, /TS2322[\s\S]*tipos\.ipynb, cell 2, line 1/);
    assert.match(text, /prefer-const[\s\S]*lint\.ipynb, cell 2, line 1/);
    assert.match(
      text,
      /formato\.ipynb: cell 2 is not formatted like `deno fmt`/,
    );
    assert.doesNotMatch(text, /salidas\.ipynb: cell \d is not formatted/);
  } finally {
    await cleanup();
  }
});

Deno.test("committed notebooks are clean: no outputs, Deno metadata, check, lint and fmt pass", async () => {
  const paths = await sectionNotebooks(["curso", "ejercicios", "soluciones"]);
  if (paths.length === 0) return; // nothing committed yet
  const report = await checkNotebooks(paths);
  assert.ok(report.ok, report.problems.join("\n"));
});
