/**
 * The exercise notebooks and their solutions: same prose and checks, the
 * student cells marked TODO in the exercise and solved in the solution,
 * and committed notebooks equal to what their sources build.
 */
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildFromFile,
  listSources,
  notebookPathFor,
  parseSource,
  type SourceCell,
} from "../../tools/build_notebooks.ts";

const ROOT = fileURLToPath(new URL("../../notebooks/", import.meta.url));
const EXERCISES = join(ROOT, "ejercicios");
const SOLUTIONS = join(ROOT, "soluciones");
const REBUILD = "Rebuild with: deno task notebooks:build";

function cells(path: string): SourceCell[] {
  return parseSource(Deno.readTextFileSync(path), path);
}

/** A cell the student edits: `respuesta…` code cells. */
function isAnswer(c: SourceCell): boolean {
  return c.kind === "code" && c.id.startsWith("respuesta");
}

const names = listSources(EXERCISES).map((p) => basename(p));

Deno.test("there are at least eight exercises, each with a solution", () => {
  assert.ok(names.length >= 8, `only ${names.length} exercises`);
  assert.deepEqual(names, listSources(SOLUTIONS).map((p) => basename(p)));
});

for (const name of names) {
  Deno.test(`${name}: the exercise is the solution with the answers left as TODO`, () => {
    const ex = cells(join(EXERCISES, "src", name));
    const sol = cells(join(SOLUTIONS, "src", name));
    const shared = sol.filter((c) => !c.id.startsWith("solucion-"));
    assert.deepEqual(ex.map((c) => c.id), shared.map((c) => c.id));
    for (const [i, c] of ex.entries()) {
      const s = shared[i];
      if (c.id === "titulo") {
        assert.equal(
          s.text.split("\n")[0],
          `${c.text.split("\n")[0]} (solución)`,
        );
        assert.equal(
          s.text.split("\n").slice(1).join("\n"),
          c.text.split("\n").slice(1).join("\n"),
        );
      } else if (isAnswer(c)) {
        assert.match(c.text, /TODO/, `${name} ${c.id}: no TODO mark`);
        assert.doesNotMatch(
          s.text,
          /TODO/,
          `${name} ${c.id}: TODO in solution`,
        );
      } else {
        assert.equal(c.text, s.text, `${name}: cell ${c.id} differs`);
      }
    }
    assert.ok(ex.some(isAnswer), `${name}: no answer cell`);
    const check = ex.find((c) => c.id === "comprobar");
    assert.ok(check, `${name}: no "comprobar" cell`);
    assert.match(check.text, /^await exercises\.\w+\(/m);
  });
}

for (const dir of [EXERCISES, SOLUTIONS]) {
  Deno.test(`${basename(dir)}: committed notebooks match their sources, without outputs`, () => {
    for (const src of listSources(dir)) {
      const path = notebookPathFor(src, dir);
      const text = Deno.readTextFileSync(path);
      assert.equal(text, buildFromFile(src), `${path} is stale. ${REBUILD}`);
      const nb = JSON.parse(text);
      assert.equal(nb.nbformat, 4);
      assert.equal(nb.nbformat_minor, 5);
      assert.deepEqual(nb.metadata.kernelspec, {
        display_name: "Deno",
        language: "typescript",
        name: "deno",
      });
      for (const cell of nb.cells) {
        if (cell.cell_type !== "code") continue;
        assert.deepEqual(cell.outputs, [], `${path}: outputs committed`);
        assert.equal(cell.execution_count, null);
      }
    }
  });
}
