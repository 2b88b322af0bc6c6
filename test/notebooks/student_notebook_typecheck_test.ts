/**
 * The student's notebook is generated, not a file anyone edits, so its code
 * is type-checked as a notebook: `deno task check:static` runs
 * `tools/notebooks/hygiene.ts` on `notebooks/ejercicios/` once the build is up
 * to date. A stub that leaves the student's code broken (here, a name only
 * the solution defines) fails there, naming the student notebook and cell.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildAll } from "../../tools/notebooks/build.ts";
import { checkNotebooks } from "../../tools/notebooks/hygiene.ts";
import { ROOT } from "../../tools/notebooks/files.ts";

function exercise(stub: string): string {
  return [
    '// %% [markdown] id="titulo"',
    "// # Ejercicio",
    "",
    '// %% id="respuesta"',
    "// ### BEGIN SOLUTION",
    "const doble = (n: number): number => 2 * n;",
    "// ### STUB",
    stub,
    "// ### END SOLUTION",
    "",
    '// %% id="comprobar"',
    "console.log(doble(2));",
    "",
  ].join("\n");
}

Deno.test("a stub that breaks the student's code fails the notebook check; a typed stub passes", async () => {
  // Inside the repository, so the extracted modules keep their own paths.
  const build = join(ROOT, "build");
  await Deno.mkdir(build, { recursive: true });
  const root = await Deno.makeTempDir({ dir: build, prefix: "student-check-" });
  try {
    const notebooks = join(root, "notebooks");
    const src = join(notebooks, "src", "ejercicios");
    await Deno.mkdir(src, { recursive: true });
    const write = (stub: string) =>
      Deno.writeTextFile(join(src, "01_doble.ts"), exercise(stub));
    const student = join(notebooks, "ejercicios", "01_doble.ipynb");
    const solution = join(notebooks, "soluciones", "01_doble.ipynb");

    await write("// // TODO: escribe doble");
    await buildAll(notebooks);
    const broken = await checkNotebooks([student, solution]);
    assert.equal(broken.ok, false);
    const text = broken.problems.join("\n");
    assert.match(
      text,
      /TS2304[\s\S]*doble[\s\S]*ejercicios\/01_doble\.ipynb, cell 3, line 1/,
    );
    assert.doesNotMatch(text, /soluciones\/01_doble\.ipynb/);

    await write(
      "// // TODO: escribe doble\n// const doble = (_n: number): number => Number.NaN;",
    );
    await buildAll(notebooks);
    const fixed = await checkNotebooks([student, solution]);
    assert.ok(fixed.ok, fixed.problems.join("\n"));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
