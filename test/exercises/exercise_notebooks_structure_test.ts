/**
 * The exercise notebooks and their solutions: each pair built from one source
 * in `notebooks/src/ejercicios/`, the student's answer cells left as TODO and
 * the solution's solved, and the committed notebooks equal to what the
 * source builds.
 */
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import {
  buildTarget,
  type ExerciseMetadata,
  exerciseSources,
  NOTEBOOKS_DIR,
  notebookTargets,
  targetCells,
} from "../../tools/notebooks/build.ts";
import { parseSource, type SourceCell } from "../../tools/notebooks/source.ts";
import { hasRegion } from "../../tools/notebooks/solution_regions.ts";

const REBUILD = "Rebuild with: deno task notebooks:build";

/** A cell the student edits: `respuesta…` code cells. */
function isAnswer(c: SourceCell): boolean {
  return c.kind === "code" && c.id.startsWith("respuesta");
}

const sources = exerciseSources();
const names = sources.map((p) => basename(p, ".ts"));

/** The cells of one notebook of the exercise built from `source`. */
function variant(source: string, kind: ExerciseMetadata["kind"]) {
  const exercise = basename(source, ".ts");
  return targetCells({ source, notebook: "", exercise: { exercise, kind } });
}

Deno.test("there are at least eight exercises, each built into an exercise and a solution", () => {
  assert.ok(names.length >= 8, `only ${names.length} exercises`);
  const built = notebookTargets().filter((t) => t.exercise)
    .map((t) => t.notebook);
  assert.deepEqual(built, [
    ...names.map((n) => join(NOTEBOOKS_DIR, "ejercicios", `${n}.ipynb`)),
    ...names.map((n) => join(NOTEBOOKS_DIR, "soluciones", `${n}.ipynb`)),
  ]);
});

for (const source of sources) {
  const name = basename(source);
  Deno.test(`${name}: the exercise is the solution with the answers left as TODO`, () => {
    const cells = parseSource(Deno.readTextFileSync(source), source, {
      exercise: true,
    });
    const ex = variant(source, "ejercicio");
    const sol = variant(source, "solucion");
    assert.deepEqual(
      ex.map((c) => c.id),
      sol.filter((c) => !c.id.startsWith("solucion-")).map((c) => c.id),
      "the solution has the exercise's cells plus its solucion-… cells",
    );
    assert.deepEqual(
      cells.filter((c) => c.solution).map((c) => c.id),
      cells.filter((c) => c.id.startsWith("solucion-")).map((c) => c.id),
      "solution cells are the ones named solucion-…",
    );
    for (const c of cells.filter(isAnswer)) {
      assert.ok(hasRegion(c.text), `${name} ${c.id}: no solution region`);
    }
    for (const [i, c] of ex.entries()) {
      const s = sol[i];
      if (c.id === "titulo") {
        assert.equal(
          s.text.split("\n")[0],
          `${c.text.split("\n")[0]} (solución)`,
        );
      } else if (isAnswer(c)) {
        assert.match(c.text, /TODO/, `${name} ${c.id}: no TODO mark`);
        assert.doesNotMatch(
          s.text,
          /TODO/,
          `${name} ${c.id}: TODO in solution`,
        );
        assert.notEqual(c.text, s.text);
      } else {
        assert.equal(c.text, s.text, `${name}: cell ${c.id} differs`);
      }
      assert.doesNotMatch(c.text, /### (BEGIN|END) SOLUTION|### STUB/);
      assert.doesNotMatch(s.text, /### (BEGIN|END) SOLUTION|### STUB/);
    }
    assert.ok(ex.some(isAnswer), `${name}: no answer cell`);
    const check = ex.find((c) => c.id === "comprobar");
    assert.ok(check, `${name}: no "comprobar" cell`);
    assert.match(check.text, /^await exercises\.\w+\(/m);
  });
}

for (const folder of ["ejercicios", "soluciones"]) {
  Deno.test(`${folder}: committed notebooks match their sources, without outputs`, () => {
    const targets = notebookTargets().filter((t) =>
      basename(join(t.notebook, "..")) === folder
    );
    assert.equal(targets.length, names.length);
    for (const target of targets) {
      const path = target.notebook;
      const text = Deno.readTextFileSync(path);
      assert.equal(text, buildTarget(target), `${path} is stale. ${REBUILD}`);
      const nb = JSON.parse(text);
      assert.equal(nb.nbformat, 4);
      assert.equal(nb.nbformat_minor, 5);
      assert.deepEqual(nb.metadata.cnn_course, target.exercise);
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

Deno.test("the folder handed out holds only the student notebooks: no sources, no solutions", () => {
  const dir = join(NOTEBOOKS_DIR, "ejercicios");
  const entries = [...Deno.readDirSync(dir)]
    .filter((e) => e.name !== ".ipynb_checkpoints")
    .map((e) => e.name).sort();
  assert.deepEqual(entries, names.map((n) => `${n}.ipynb`));
});
