/**
 * What the grading kernel runs: the teacher's given cells, the student's
 * answers and added cells, the grader's check — never the submission's
 * check cells or its edits of given cells. And how submissions are found
 * and attributed.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../../tools/notebooks/files.ts";
import type { Notebook } from "../../tools/notebooks/files.ts";
import { answersUnchanged, buildProgram } from "../../tools/grade/program.ts";
import { discover, studentFromFolder } from "../../tools/grade/discover.ts";
import { RUBRIC, rubricFor } from "../../tools/grade/rubric.ts";
import { EXERCISE_IDS } from "../../tools/grade/kernel/checks.ts";

const read = (dir: string, id: string): Notebook =>
  JSON.parse(
    Deno.readTextFileSync(join(ROOT, "notebooks", dir, `${id}.ipynb`)),
  );

Deno.test("the program keeps the teacher's given cells, the student's answers and extras, and the grader's own check", () => {
  const teacher = read("ejercicios", "04_relu_vs_tanh");
  const student = structuredClone(teacher);
  for (const c of student.cells) {
    if (c.id === "respuesta") {
      c.source = "function lenetRelu() { return MINE; }";
    }
    if (c.id === "respuesta-mejor") c.source = 'const mejor = "relu";';
    if (c.id === "comprobar") c.source = 'console.log("✅ Correcto")';
    if (c.id === "datos") c.source = "const xTest = FAKE;";
  }
  student.cells.splice(3, 0, {
    cell_type: "code",
    id: "mia",
    metadata: {},
    source: "const ayuda = 1;",
    outputs: [],
  });
  const cells = buildProgram(
    teacher,
    student,
    rubricFor("04_relu_vs_tanh")!,
    "NONCE",
    "INST",
  );
  const text = cells.map((c) => c.source).join("\n");
  assert.equal(cells[0].role, "preamble");
  assert.match(cells[0].source, /guard\.ts\?i=INST/);
  // The preamble arms the guard (its snapshot), not just imports it.
  assert.match(cells[0].source, /\)\)\.arm\(\);$/);
  assert.ok(
    cells.some((c) => c.role === "answer" && c.source.includes("MINE")),
  );
  assert.ok(
    cells.some((c) => c.role === "answer" && c.source.includes('"relu"')),
  );
  assert.ok(
    cells.some((c) => c.role === "extra" && c.source === "const ayuda = 1;"),
  );
  assert.doesNotMatch(text, /FAKE|✅/);
  assert.match(text, /datasets\.mnist\.loadData/);
  const check = cells.at(-1)!;
  assert.equal(check.role, "check");
  assert.match(
    check.source,
    /grade\("NONCE", "04_relu_vs_tanh", \[\(\) => modeloRelu, \(\) => historyTanh, \(\) => historyRelu, \(\) => mejor\]\)/,
  );
  assert.equal(cells.filter((c) => c.role === "check").length, 1);
  assert.ok(answersUnchanged(teacher, teacher));
  assert.ok(!answersUnchanged(teacher, student));
});

Deno.test("every exercise notebook declares its id and marks answer and check cells; the rubric and the kernel checks agree", () => {
  assert.deepEqual(RUBRIC.map((e) => e.id), [...EXERCISE_IDS]);
  for (const e of RUBRIC) {
    for (const dir of ["ejercicios", "soluciones"]) {
      const nb = read(dir, e.id);
      const meta = nb.metadata.cnn_course as Record<string, unknown>;
      assert.equal(meta.exercise, e.id);
      const roles = nb.cells.map((c) =>
        (c.metadata.cnn_course as { role?: string } | undefined)?.role
      );
      assert.ok(roles.includes("answer"), `${dir}/${e.id}: no answer cell`);
      assert.equal(
        roles.filter((r) => r === "check").length,
        1,
        `${dir}/${e.id}: one check cell`,
      );
    }
  }
});

Deno.test("submissions are found by metadata, whatever their names; students by folder (Moodle suffix removed) or metadata", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const nb = read("soluciones", "08_formas_de_salida");
    await Deno.mkdir(
      join(
        dir,
        "Ana García_123456_assignsubmission_file_",
        ".ipynb_checkpoints",
      ),
      { recursive: true },
    );
    await Deno.writeTextFile(
      join(dir, "Ana García_123456_assignsubmission_file_", "copia (2).ipynb"),
      JSON.stringify(nb),
    );
    await Deno.writeTextFile(
      join(
        dir,
        "Ana García_123456_assignsubmission_file_",
        ".ipynb_checkpoints",
        "x.ipynb",
      ),
      JSON.stringify(nb),
    );
    const named = structuredClone(nb);
    (named.metadata.cnn_course as Record<string, unknown>).student = "Beto";
    await Deno.writeTextFile(join(dir, "suelto.ipynb"), JSON.stringify(named));
    await Deno.writeTextFile(join(dir, "roto.ipynb"), "{ no es json");
    const plain = structuredClone(nb);
    delete plain.metadata.cnn_course;
    await Deno.writeTextFile(join(dir, "otro.ipynb"), JSON.stringify(plain));
    const { submissions, rejected } = await discover(dir);
    assert.deepEqual(submissions.map((s) => [s.student, s.exercise]).sort(), [
      ["Ana García", "08_formas_de_salida"],
      ["Beto", "08_formas_de_salida"],
    ]);
    assert.deepEqual(rejected.map((r) => r.relPath).sort(), [
      "otro.ipynb",
      "roto.ipynb",
    ]);
    assert.match(
      rejected.find((r) => r.relPath === "otro.ipynb")!.reason,
      /metadata\.cnn_course\.exercise/,
    );
    assert.equal(studentFromFolder("alumno07"), "alumno07");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
