/**
 * From what the sandbox reported to points: validates the result bundle
 * (exactly one, with this run's nonce, for this exercise), applies the
 * rubric's points with partial credit and its reason, and turns a dead,
 * stuck or tampering kernel into zeros with a Spanish explanation.
 *
 * @module
 */
import type { RubricExercise } from "./rubric.ts";
import type { SandboxOutcome } from "./sandbox.ts";

/** One graded check, as grades.csv and the feedback page show it. */
export interface ScoredCheck {
  /** Check name (`principal`, `oculta: …`). */
  check: string;
  hidden: boolean;
  points: number;
  max: number;
  passed: boolean;
  /** One line: why points were lost (empty when passed). */
  message: string;
  /** What was right / wrong, and hints (never shown for hidden checks). */
  right: string[];
  wrong: string[];
  hints: string[];
}

/** The grade of one submission. */
export interface SubmissionGrade {
  student: string;
  exercise: string;
  relPath: string;
  /** sha-256 of the submission and of the grader (the cache key). */
  hash: string;
  /** `ok`, or why the checks could not run normally. */
  status: string;
  /** Spanish note for the feedback page when status is not `ok`. */
  note: string;
  checks: ScoredCheck[];
  seconds: number;
}

interface RawCheck {
  name: string;
  hidden: boolean;
  result: {
    passed: boolean;
    right: string[];
    wrong: string[];
    hints: string[];
  };
}

function isRawCheck(x: unknown): x is RawCheck {
  const c = x as RawCheck;
  return !!c && typeof c.name === "string" && !!c.result &&
    typeof c.result.passed === "boolean" && Array.isArray(c.result.right) &&
    Array.isArray(c.result.wrong) && Array.isArray(c.result.hints);
}

const strings = (xs: unknown[]): string[] => xs.map((x) => String(x));

/** Why the kernel produced no usable result, in Spanish. */
export function failureNote(outcome: SandboxOutcome): string {
  const check = outcome.cells.find((c) => c.role === "check");
  if (outcome.oom) {
    return "El cuaderno agotó la memoria permitida y el núcleo se detuvo: no se pudo comprobar.";
  }
  switch (outcome.status) {
    case "timeout":
      return "Una celda superó el tiempo máximo (¿un bucle infinito?): el núcleo se detuvo y no se pudo comprobar.";
    case "kernel-died":
      return "El núcleo terminó antes de la comprobación (Deno.exit, falta de memoria o un fallo): no se pudo comprobar.";
    case "kernel-start":
      return `El núcleo no llegó a arrancar: ${outcome.message}`;
    case "preamble":
      return `El calificador no pudo prepararse en el núcleo (${outcome.message}): no se ejecutó nada de la entrega; vuelve a calificarla.`;
    case "sandbox":
      return `No se pudo ejecutar el cuaderno en el entorno aislado: ${outcome.message}`;
  }
  if (check && check.status !== "ok") {
    return "La comprobación no pudo ejecutarse en este cuaderno.";
  }
  return "La comprobación no devolvió ningún resultado.";
}

/** Every check of `exercise` at 0 points, each with `message`. */
export function zeroChecks(
  exercise: RubricExercise,
  message: string,
): ScoredCheck[] {
  return exercise.checks.map((c) => ({
    check: c.name,
    hidden: c.hidden,
    points: 0,
    max: c.points,
    passed: false,
    message,
    right: [],
    wrong: [message],
    hints: [],
  }));
}

/** Points with partial credit: the share of findings that were right. */
export function partialPoints(
  max: number,
  right: number,
  wrong: number,
): number {
  if (wrong === 0 && right > 0) return max;
  const total = right + wrong;
  if (total === 0) return 0;
  return Math.round((max * right / total) * 10) / 10;
}

/**
 * Scores a sandbox outcome. `nonce` is this run's; a bundle with any other
 * nonce was not written by the grader's check and is ignored, and more than
 * one with it means the student's code copied it: zero.
 */
export function score(
  outcome: SandboxOutcome,
  exercise: RubricExercise,
  nonce: string,
): { status: string; note: string; checks: ScoredCheck[] } {
  const mine = outcome.bundles.filter((b) =>
    (b as { nonce?: unknown })?.nonce === nonce
  ) as {
    exercise?: unknown;
    tampered?: unknown;
    unarmed?: unknown;
    checks?: unknown;
  }[];
  const check = outcome.cells.find((c) => c.role === "check");
  // A bundle counts only from a kernel that finished the check cell alive:
  // otherwise code that stole the nonce could publish a forgery and then
  // stop the kernel before the grader's own bundle goes out.
  if (mine.length === 0 || outcome.status !== "ok" || check?.status !== "ok") {
    const note = failureNote(outcome);
    return {
      // A grader that could not arm itself is the grader's failure, not
      // the student's: "error" is never cached, so the next run regrades.
      status: outcome.oom
        ? "oom"
        : outcome.status === "ok"
        ? "no-result"
        : outcome.status === "preamble"
        ? "error"
        : outcome.status,
      note,
      checks: zeroChecks(exercise, note),
    };
  }
  if (mine.length > 1 || mine[0].exercise !== exercise.id) {
    const note =
      "El resultado de la comprobación llegó duplicado o alterado: se califica con 0.";
    return { status: "tampered", note, checks: zeroChecks(exercise, note) };
  }
  const bundle = mine[0];
  if (bundle.unarmed === true) {
    const note =
      "El calificador no llegó a vigilar el núcleo antes del código de la entrega, así que la comprobación no es fiable; vuelve a calificarla.";
    return { status: "error", note, checks: zeroChecks(exercise, note) };
  }
  if (Array.isArray(bundle.tampered) && bundle.tampered.length > 0) {
    const what = strings(bundle.tampered).join("\n").split("\n").slice(0, 3)
      .join("; ");
    const note =
      "El código modificó la biblioteca del curso o los objetos básicos de " +
      `JavaScript (${what}), así que la comprobación no es fiable: se califica con 0.`;
    return { status: "tampered", note, checks: zeroChecks(exercise, note) };
  }
  const raw = Array.isArray(bundle.checks)
    ? bundle.checks.filter(isRawCheck)
    : [];
  const checks = exercise.checks.map((spec): ScoredCheck => {
    const got = raw.find((r) => r.name === spec.name);
    if (!got) {
      return zeroChecks(
        { ...exercise, checks: [spec] },
        "La comprobación no dio resultado.",
      )[0];
    }
    const right = strings(got.result.right);
    const wrong = strings(got.result.wrong);
    const hints = strings(got.result.hints);
    const passed = got.result.passed === true && wrong.length === 0;
    // Hidden checks are all or nothing: partial credit would tell which part failed.
    const points = passed
      ? spec.points
      : spec.hidden
      ? 0
      : partialPoints(spec.points, right.length, Math.max(1, wrong.length));
    let message = "";
    if (spec.hidden) {
      message = passed ? "" : "comprobación oculta: no superada";
    } else if (!passed) {
      const share = points > 0
        ? `Crédito parcial: ${right.length} de ${
          right.length + wrong.length
        } aspectos correctos. `
        : "";
      message = share + wrong.join(" ");
    }
    return {
      check: spec.name,
      hidden: spec.hidden,
      points,
      max: spec.points,
      passed,
      message,
      right: spec.hidden ? [] : right,
      wrong: spec.hidden ? [] : wrong,
      hints: spec.hidden ? [] : hints,
    };
  });
  return { status: "ok", note: "", checks };
}
