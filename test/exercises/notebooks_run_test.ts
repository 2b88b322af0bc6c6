/**
 * Runs every exercise notebook and every solution on the Deno kernel in
 * quick mode (`CNN_QUICK=1`): solutions must end with every check showing
 * `✅ Correcto`; untouched exercises must show `❌ Todavía no` feedback from
 * every check, and no cell of either may raise.
 *
 * Executed copies go to `build/executed/ejercicios/` and
 * `build/executed/soluciones/`.
 */
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { FAIL_MARK, PASS_MARK } from "../../lib/exercises/feedback.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PYTHON = "/usr/bin/python3"; // Debian's Python has nbclient.

/** Runs the Deno kernel and keeps its late outputs (see the script's docstring). */
const EXECUTE = fileURLToPath(
  new URL("./execute_notebook.py", import.meta.url),
);

interface Output {
  output_type: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
}

interface Cell {
  cell_type: string;
  id: string;
  outputs?: Output[];
}

function joined(v: string | string[] | undefined): string {
  return Array.isArray(v) ? v.join("") : v ?? "";
}

async function execute(kind: "ejercicios" | "soluciones", name: string) {
  const src = join(ROOT, "notebooks", kind, name);
  const outDir = join(ROOT, "build", "executed", kind);
  await Deno.mkdir(outDir, { recursive: true });
  const out = join(outDir, name);
  const { code, stderr } = await new Deno.Command(PYTHON, {
    args: [EXECUTE, src, out, ROOT],
    env: { CNN_QUICK: "1", PYDEVD_DISABLE_FILE_VALIDATION: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(
    code,
    0,
    `${kind}/${name} did not execute:\n${new TextDecoder().decode(stderr)}`,
  );
  const nb = JSON.parse(await Deno.readTextFile(out)) as { cells: Cell[] };
  return nb.cells.filter((c) => c.cell_type === "code");
}

/** The text/plain of every check result shown in a cell. */
function checkTexts(cell: Cell): string[] {
  return (cell.outputs ?? [])
    .map((o) => joined(o.data?.["text/plain"] ?? o.text))
    .filter((t) => t.startsWith(PASS_MARK) || t.startsWith(FAIL_MARK));
}

function assertNoErrors(cells: Cell[], where: string): void {
  for (const cell of cells) {
    for (const o of cell.outputs ?? []) {
      assert.notEqual(
        o.output_type,
        "error",
        `${where}: cell "${cell.id}" raised ${o.ename}: ${o.evalue}`,
      );
    }
  }
}

const names = [...Deno.readDirSync(join(ROOT, "notebooks", "ejercicios"))]
  .filter((e) => e.isFile && e.name.endsWith(".ipynb"))
  .map((e) => e.name)
  .sort();

Deno.test("there are exercise notebooks to run", () => {
  assert.ok(names.length >= 8, `found ${names.length}`);
});

for (const name of names) {
  const stem = basename(name, ".ipynb");

  Deno.test(`soluciones/${stem}: runs in quick mode and every check passes`, async () => {
    const cells = await execute("soluciones", name);
    assertNoErrors(cells, `soluciones/${name}`);
    const checks = cells.filter((c) => c.id === "comprobar");
    assert.ok(checks.length > 0, "no comprobar cell");
    for (const cell of checks) {
      const texts = checkTexts(cell);
      assert.equal(
        texts.length,
        1,
        `cell ${cell.id} shows ${texts.length} results`,
      );
      assert.ok(texts[0].startsWith(PASS_MARK), texts[0]);
    }
  });

  Deno.test(`ejercicios/${stem}: untouched, runs and every check fails with feedback`, async () => {
    const cells = await execute("ejercicios", name);
    assertNoErrors(cells, `ejercicios/${name}`);
    const checks = cells.filter((c) => c.id === "comprobar");
    assert.ok(checks.length > 0, "no comprobar cell");
    for (const cell of checks) {
      const texts = checkTexts(cell);
      assert.equal(
        texts.length,
        1,
        `cell ${cell.id} shows ${texts.length} results`,
      );
      assert.ok(texts[0].startsWith(FAIL_MARK), texts[0]);
      assert.match(texts[0], /\n {2}✘ /, "no wrong finding listed");
      assert.match(texts[0], /\n {2}💡 Pista: /, "no hint");
    }
  });
}
