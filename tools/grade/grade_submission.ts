/**
 * Grades one submission: builds its program, runs it in the sandbox and
 * scores what came back. Never throws for anything the submission does; a
 * failure of the grader itself is a grade with status `error` and a note,
 * so one bad submission never stops the batch.
 *
 * @module
 */
import type { Notebook } from "../notebooks/files.ts";
import type { Submission } from "./discover.ts";
import { answersUnchanged, buildProgram, randomHex } from "./program.ts";
import { type RubricExercise, rubricFor } from "./rubric.ts";
import { runInSandbox, type SandboxLimits } from "./sandbox.ts";
import { score, type SubmissionGrade, zeroChecks } from "./score.ts";

/** Grades `sub` against `teacher` (the project's exercise notebook). */
export async function gradeSubmission(
  sub: Submission,
  teacher: Notebook,
  hash: string,
  limits: SandboxLimits,
): Promise<SubmissionGrade> {
  const exercise = rubricFor(sub.exercise);
  const base = {
    student: sub.student,
    exercise: sub.exercise,
    relPath: sub.relPath,
    hash,
  };
  if (!exercise) {
    return {
      ...base,
      status: "error",
      note: "Ejercicio desconocido.",
      checks: [],
      seconds: 0,
    };
  }
  const started = performance.now();
  if (answersUnchanged(teacher, sub.notebook)) {
    const note =
      "Las celdas de respuesta siguen como en el enunciado: no hay nada que calificar.";
    return {
      ...base,
      status: "unchanged",
      note,
      checks: zeroChecks(exercise, note),
      seconds: 0,
    };
  }
  try {
    let scored = await gradeOnce(teacher, sub.notebook, exercise, limits);
    // "error" is the grader's own failure (its preamble did not arm the
    // guard, as a kernel under heavy load can make it): one fresh kernel
    // more before the teacher sees it.
    if (scored.status === "error") {
      scored = await gradeOnce(teacher, sub.notebook, exercise, limits);
    }
    return {
      ...base,
      ...scored,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } catch (e) {
    const note = `Error del calificador: ${(e as Error).message}`;
    return {
      ...base,
      status: "error",
      note,
      checks: zeroChecks(exercise, note),
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  }
}

/** One run of the submission in a fresh sandbox, scored. */
async function gradeOnce(
  teacher: Notebook,
  submission: Notebook,
  exercise: RubricExercise,
  limits: SandboxLimits,
): Promise<ReturnType<typeof score>> {
  // A fresh nonce per run: the student's code never sees it.
  const nonce = randomHex();
  const cells = buildProgram(teacher, submission, exercise, nonce, randomHex());
  const outcome = await runInSandbox(cells, nonce, limits);
  return score(outcome, exercise, nonce);
}
