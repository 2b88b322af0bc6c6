/**
 * The guard must be armed by the preamble before any of the student's code:
 * a preamble that fails stops the run (nothing of the submission runs), and
 * a check whose guard was never armed in that kernel reports it instead of
 * grading against a snapshot taken after the student's patches (which once
 * let a patched `Array.prototype.every` through as "ok" in CI). Real
 * sandbox and Deno kernels, quick mode.
 */
import assert from "node:assert/strict";
import { ensureCached } from "../../tools/grade/main.ts";
import { type ProgramCell, randomHex } from "../../tools/grade/program.ts";
import { rubricFor } from "../../tools/grade/rubric.ts";
import { runInSandbox, sandboxWorks } from "../../tools/grade/sandbox.ts";
import { score } from "../../tools/grade/score.ts";

const LIMITS = { timeoutS: 60, memoryMiB: 1536, quick: true };
const EXERCISE = rubricFor("08_formas_de_salida")!;
const PATCH =
  "Array.prototype.every = function () { return true; }; Object.prototype.passed = true;";

function checkCell(nonce: string): ProgramCell {
  const url = `file:///course/tools/grade/kernel/guard.ts?i=${randomHex()}`;
  return {
    role: "check",
    source: `await (await import(${JSON.stringify(url)})).grade(${
      JSON.stringify(nonce)
    }, ${JSON.stringify(EXERCISE.id)}, [() => respuestas]);`,
  };
}

async function ready(): Promise<void> {
  const problem = await sandboxWorks();
  assert.equal(
    problem,
    undefined,
    `bubblewrap must work for this test (apt install bubblewrap): ${problem}`,
  );
  await ensureCached();
}

Deno.test("a preamble that fails stops the run before the student's cells, as the grader's error", async () => {
  await ready();
  const nonce = randomHex();
  const outcome = await runInSandbox(
    [
      { role: "preamble", source: 'throw new Error("preparación rota");' },
      { role: "extra", source: PATCH },
      { role: "answer", source: "const respuestas = [[null, 1]];" },
      checkCell(nonce),
    ],
    nonce,
    LIMITS,
  );
  assert.equal(outcome.status, "preamble", JSON.stringify(outcome));
  assert.deepEqual(outcome.cells.map((c) => c.role), ["preamble"]);
  assert.match(outcome.message, /preparación rota/);
  const graded = score(outcome, EXERCISE, nonce);
  assert.equal(graded.status, "error");
  assert.match(graded.note, /preparación rota/);
});

Deno.test("a guard first imported after the student's patch is unarmed, not a clean 'ok'", async () => {
  await ready();
  const nonce = randomHex();
  const outcome = await runInSandbox(
    [
      { role: "extra", source: PATCH },
      { role: "answer", source: "const respuestas = [[null, 1]];" },
      checkCell(nonce),
    ],
    nonce,
    LIMITS,
  );
  assert.equal(outcome.status, "ok", JSON.stringify(outcome));
  assert.equal(outcome.bundles.length, 1, JSON.stringify(outcome));
  assert.equal((outcome.bundles[0] as { unarmed?: boolean }).unarmed, true);
  const graded = score(outcome, EXERCISE, nonce);
  assert.equal(graded.status, "error");
  assert.ok(graded.checks.every((c) => c.points === 0));
});
