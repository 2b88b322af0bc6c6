/**
 * Runs every exercise notebook and every solution on the Deno kernel in
 * quick mode (`CNN_QUICK=1`) with the project's executor: solutions must end
 * with every check showing `✅ Correcto`; untouched exercises must show
 * `❌ Todavía no` feedback from every check, no cell of either may raise, and
 * every cell shows the kinds its source declares (tools/notebooks/cell_expectations.ts).
 *
 * The executed copies go where `deno task notebooks --all` puts them
 * (`build/executed/notebooks/ejercicios/`, `…/soluciones/`), so
 * `deno task render --teacher` renders them without running them again
 * (CI relies on this: see `.ci/run`).
 */
import assert from "node:assert/strict";
import { basename } from "node:path";
import { FAIL_MARK, PASS_MARK } from "../../lib/course/exercises/feedback.ts";
import {
  describeFailure,
  executeNotebook,
} from "../../tools/notebooks/execute.ts";
import {
  cellExpectations,
  cellProblems,
  seenFromOutputs,
} from "../../tools/notebooks/cell_expectations.ts";
import {
  executedPath,
  listNotebooks,
  NOTEBOOK_DIRS,
  type NotebookCell,
  outputText,
} from "../../tools/notebooks/files.ts";

/** Executes one notebook of `section`; fails naming the cell that raised. */
async function execute(
  section: "ejercicios" | "soluciones",
  source: string,
): Promise<NotebookCell[]> {
  const where = `${section}/${basename(source)}`;
  const result = await executeNotebook(source, { quick: true });
  assert.equal(result.output, executedPath(source));
  assert.ok(result.ok, describeFailure(result));
  const nb = await result.notebook();
  const code = nb.cells.filter((c) => c.cell_type === "code");
  for (const cell of code) {
    for (const o of cell.outputs ?? []) {
      assert.notEqual(
        o.output_type,
        "error",
        `${where}: cell "${cell.id}" raised ${o.ename}: ${o.evalue}`,
      );
    }
  }
  // Every cell shows what its source marker declares (`shows="…"`), the
  // same declarations `deno task check:ui` holds the Notebook UI to.
  assert.deepEqual(
    cellProblems(
      cellExpectations(source),
      code.map((c) => seenFromOutputs(c.outputs ?? [])),
    ),
    [],
    `${where}: outputs differ from the shows="…" of its source`,
  );
  return code;
}

/** The text/plain of every check result shown in a cell. */
function checkTexts(cell: NotebookCell): string[] {
  return (cell.outputs ?? [])
    .map(outputText)
    .filter((t) => t.startsWith(PASS_MARK) || t.startsWith(FAIL_MARK));
}

/** The `comprobar` cells, each showing exactly one check result. */
function checkResults(cells: NotebookCell[]): string[] {
  const checks = cells.filter((c) => c.id === "comprobar");
  assert.ok(checks.length > 0, "no comprobar cell");
  return checks.map((cell) => {
    const texts = checkTexts(cell);
    assert.equal(
      texts.length,
      1,
      `cell ${cell.id} shows ${texts.length} results`,
    );
    return texts[0];
  });
}

const exercises = await listNotebooks(NOTEBOOK_DIRS.ejercicios);
const solutions = await listNotebooks(NOTEBOOK_DIRS.soluciones);

Deno.test("there are exercise notebooks to run, each with its solution", () => {
  assert.ok(exercises.length >= 8, `found ${exercises.length}`);
  assert.deepEqual(
    solutions.map((p) => basename(p)),
    exercises.map((p) => basename(p)),
  );
});

for (const source of solutions) {
  const stem = basename(source, ".ipynb");
  Deno.test(`soluciones/${stem}: runs in quick mode and every check passes`, async () => {
    for (const text of checkResults(await execute("soluciones", source))) {
      assert.ok(text.startsWith(PASS_MARK), text);
    }
  });
}

for (const source of exercises) {
  const stem = basename(source, ".ipynb");
  Deno.test(`ejercicios/${stem}: untouched, runs and every check fails with feedback`, async () => {
    for (const text of checkResults(await execute("ejercicios", source))) {
      assert.ok(text.startsWith(FAIL_MARK), text);
      assert.match(text, /\n {2}✘ /, "no wrong finding listed");
      assert.match(text, /\n {2}💡 Pista: /, "no hint");
    }
  });
}
