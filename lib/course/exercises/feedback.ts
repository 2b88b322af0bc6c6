/**
 * Feedback for the classroom exercises: every check returns a
 * {@link CheckResult} saying, in Spanish, what is right, what is wrong and a
 * hint — never a bare `false`. The text form always starts with
 * `✅ Correcto` or `❌ Todavía no`, so people and CI can read it at a glance.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { escapeHtml } from "../../core/html.ts";
import { display, type MimeBundle } from "../../host/display.ts";

/** First words of the text of a passed check. */
export const PASS_MARK = "✅ Correcto";
/** First words of the text of a failed check. */
export const FAIL_MARK = "❌ Todavía no";

/** The outcome of one exercise check. */
export interface CheckResult {
  /** Exercise title, e.g. `"Ejercicio 1 · Contar parámetros"`. */
  readonly exercise: string;
  /** True when nothing is wrong. */
  readonly passed: boolean;
  /** What the student got right (Spanish sentences). */
  readonly right: readonly string[];
  /** What is still wrong (Spanish sentences). */
  readonly wrong: readonly string[];
  /** Hints for the wrong parts, in the same order, without duplicates. */
  readonly hints: readonly string[];
}

/**
 * Collects right and wrong findings for one exercise, then freezes them into
 * a {@link CheckResult}.
 *
 * @example
 * ```ts
 * const fb = new Feedback("Ejercicio 8 · Formas de salida");
 * fb.right("La primera capa es correcta.");
 * fb.wrong("La segunda no.", "Recuerda que `valid` recorta el borde.");
 * const result = fb.result(); // result.passed === false
 * ```
 */
export class Feedback {
  readonly #exercise: string;
  readonly #right: string[] = [];
  readonly #wrong: string[] = [];
  readonly #hints: string[] = [];

  /** Starts the feedback of the exercise titled `exercise`. */
  constructor(exercise: string) {
    this.#exercise = exercise;
  }

  /** Records something the student did right. */
  right(message: string): this {
    this.#right.push(message);
    return this;
  }

  /** Records something wrong, with an optional hint on how to fix it. */
  wrong(message: string, hint?: string): this {
    this.#wrong.push(message);
    if (hint !== undefined && !this.#hints.includes(hint)) {
      this.#hints.push(hint);
    }
    return this;
  }

  /** Records something wrong that ends the check, and returns the result so far. */
  fail(message: string, hint?: string): CheckResult {
    return this.wrong(message, hint).result();
  }

  /** Records `ok ? good : bad`; returns `ok` so checks can stop early. */
  expect(ok: boolean, good: string, bad: string, hint?: string): boolean {
    if (ok) this.right(good);
    else this.wrong(bad, hint);
    return ok;
  }

  /** True while nothing wrong has been recorded. */
  get clean(): boolean {
    return this.#wrong.length === 0;
  }

  /** The findings so far. A check with no findings at all does not pass. */
  result(): CheckResult {
    const nothingChecked = this.#right.length === 0 &&
      this.#wrong.length === 0;
    return {
      exercise: this.#exercise,
      passed: this.#wrong.length === 0 && !nothingChecked,
      right: [...this.#right],
      wrong: nothingChecked
        ? ["La comprobación no encontró nada que revisar."]
        : [...this.#wrong],
      hints: [...this.#hints],
    };
  }
}

/**
 * A value from student code as Spanish feedback shows it: never a raw
 * `undefined`, `null` or `NaN` (they mean nothing to a student), numbers and
 * arrays as written in code, text in quotes.
 *
 * @example
 * ```ts
 * describeValue(undefined); // "sin valor"
 * describeValue([3, 3]);    // "[3, 3]"
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return "sin valor";
  if (typeof value === "number") {
    return Number.isNaN(value)
      ? "un valor que no es un número"
      : Number.isFinite(value)
      ? String(value)
      : "un número infinito";
  }
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) {
    return `[${
      value.map((v) => v === null ? "sin valor" : describeValue(v)).join(", ")
    }]`;
  }
  if (typeof value === "boolean") return String(value);
  return "un objeto";
}

/** Turns anything thrown by student code into a readable Spanish line. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const kind = error instanceof Error ? `${error.name}: ` : "";
  return `Tu código lanzó un error al ejecutarse — ${kind}${
    message.split("\n")[0]
  }`;
}

/** What a check says when it is handed no answer: the message and its hint. */
export interface Missing {
  /** The failure, e.g. "No encuentro el modelo.". */
  message: string;
  /** How to hand the answer in. */
  hint: string;
}

/** A check begun by {@link openCheck}: its feedback and the answer, or, with no answer, the result. */
export type Opened<T> =
  | { ok: true; fb: Feedback; answer: T }
  | { ok: false; result: CheckResult };

/**
 * Starts the feedback of the check titled `title`; when `present(answer)`
 * is false (the notebook passed nothing, or the wrong thing) the check ends
 * there with `missing`.
 */
export function openCheck<T>(
  title: string,
  answer: T | undefined,
  present: (answer: T | undefined) => answer is T,
  missing: Missing,
): Opened<T> {
  const fb = new Feedback(title);
  return present(answer)
    ? { ok: true, fb, answer }
    : { ok: false, result: fb.fail(missing.message, missing.hint) };
}

/** Whether `answer` is a class (what the layer exercises ask for, not an instance). */
export function isClass<C extends abstract new (...args: never) => unknown>(
  answer: C | undefined,
): answer is C {
  return typeof answer === "function";
}

/**
 * Runs student code, returning its value or recording the error it threw
 * (so a broken answer gives feedback instead of crashing the cell).
 */
export async function attempt<T>(
  fb: Feedback,
  what: string,
  run: () => T | Promise<T>,
  hint: string,
): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    // The student's code makes tensors, and a backend that is still starting
    // (wasm loads asynchronously) would otherwise fail it with tfjs's "has not
    // yet been initialized": wait for the backend instead of blaming them.
    await tf.ready();
    return { ok: true, value: await run() };
  } catch (error) {
    fb.wrong(`${what}: ${describeError(error)}`, hint);
    return { ok: false };
  }
}

/** The result as terminal text, starting with {@link PASS_MARK} or {@link FAIL_MARK}. */
export function formatText(result: CheckResult): string {
  const lines = [
    `${result.passed ? PASS_MARK : FAIL_MARK} — ${result.exercise}`,
  ];
  for (const line of result.right) lines.push(`  ✔ ${line}`);
  for (const line of result.wrong) lines.push(`  ✘ ${line}`);
  for (const hint of result.hints) lines.push(`  💡 Pista: ${hint}`);
  return lines.join("\n");
}

/** Inline `code` spans become <code> in the HTML view. */
function inlineHtml(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

/** The result as a small HTML block (green when passed, red otherwise). */
export function formatHtml(result: CheckResult): string {
  const color = result.passed ? "#1b7f3b" : "#b3261e";
  const background = result.passed ? "#eef8f0" : "#fdf0ef";
  const item = (mark: string, text: string) =>
    `<li style="list-style:none">${mark} ${inlineHtml(text)}</li>`;
  const items = [
    ...result.right.map((t) => item("✔", t)),
    ...result.wrong.map((t) => item("✘", t)),
    ...result.hints.map((t) => item("💡 <b>Pista:</b>", t)),
  ].join("");
  return `<div class="cnn-check" style="border-left:4px solid ${color};` +
    `background:${background};padding:6px 12px;margin:4px 0">` +
    `<b style="color:${color}">${result.passed ? PASS_MARK : FAIL_MARK}</b>` +
    ` — ${inlineHtml(result.exercise)}` +
    `<ul style="margin:4px 0;padding-left:8px">${items}</ul></div>`;
}

/** The result as a Jupyter MIME bundle (`text/html` + `text/plain`). */
export function toBundle(result: CheckResult): MimeBundle {
  return { "text/plain": formatText(result), "text/html": formatHtml(result) };
}

/** Shows the result: rich in Jupyter, printed in a terminal. */
export async function showResult(result: CheckResult): Promise<void> {
  await display(toBundle(result));
}
