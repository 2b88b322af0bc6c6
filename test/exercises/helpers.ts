/**
 * Shared assertions for the exercise-check tests: a check must pass on the
 * solution and, on a wrong answer, fail with a specific message and a hint.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  type CheckResult,
  FAIL_MARK,
  formatText,
  PASS_MARK,
} from "../../lib/course/exercises/feedback.ts";

/** Asserts the check passed, showing its feedback otherwise. */
export function assertPasses(result: CheckResult): void {
  const text = formatText(result);
  assert(result.passed, `expected a pass, got:\n${text}`);
  assert(text.startsWith(PASS_MARK), text);
  assert(result.wrong.length === 0, text);
  assert(result.right.length > 0, text);
}

/**
 * Asserts the check failed with a wrong-line containing `wrongPart` and a
 * hint containing `hintPart` (both case-sensitive substrings).
 */
export function assertFailsWith(
  result: CheckResult,
  wrongPart: string,
  hintPart: string,
): void {
  const text = formatText(result);
  assert(!result.passed, `expected a failure, got:\n${text}`);
  assert(text.startsWith(FAIL_MARK), text);
  assert(
    result.wrong.some((w) => w.includes(wrongPart)),
    `no wrong-line contains ${JSON.stringify(wrongPart)}:\n${text}`,
  );
  assert(result.hints.length > 0, `no hint:\n${text}`);
  assert(
    result.hints.some((h) => h.includes(hintPart)),
    `no hint contains ${JSON.stringify(hintPart)}:\n${text}`,
  );
}
