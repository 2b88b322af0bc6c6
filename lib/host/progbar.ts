/**
 * Keras 3's progress bar (`keras.utils.Progbar`), line for line:
 * `196/196 ━━━━━━━━━━━━━━━━━━━━ 4s 21ms/step - accuracy: 0.7120 - loss: 1.0518`.
 * Where the text goes (terminal, Jupyter, a test) is a {@link ProgressWriter}.
 *
 * @module
 */
import type { Logs } from "../core/types.ts";

/** The pieces of a bar line, for writers that colour the bar like Keras. */
export interface BarParts {
  /** `"  7/196"`, right-aligned to the width of the target. */
  count: string;
  /** Bar cells done. */
  done: number;
  /** Bar cells left. */
  todo: number;
  /** Everything after the bar: `" 4s 21ms/step - accuracy: 0.7120 - loss: 1.0518"`. */
  info: string;
}

/** One line of progress output: its plain text and, for bar lines, its parts. */
export interface ProgressLine {
  /** The plain text (no colour codes), exactly what Keras prints without ANSI. */
  text: string;
  /** Present on bar lines. */
  parts?: BarParts;
}

/** Where progress goes. Every method may be async; callers await them. */
export interface ProgressWriter {
  /** A plain line such as `Epoch 1/5`. */
  line(text: string): void | Promise<void>;
  /** Replaces the live bar line with a newer one. */
  update(line: ProgressLine): void | Promise<void>;
  /** The bar's final line: replaces the live one and ends it. */
  finish(line: ProgressLine): void | Promise<void>;
}

/** The bar glyph Keras 3 uses (U+2501), drawn green when done, grey when not. */
export const BAR_CHAR = "━";

/** Python's `"%.0f" % x` (round half to even), which Keras uses for seconds. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * A metric value as Keras prints it: 4 decimals, or scientific notation for
 * values of magnitude ≤ 1e-3 (`1.2340e-04`), `nan`, `inf`.
 */
export function formatMetricValue(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (Math.abs(value) > 1e-3) return value.toFixed(4);
  // JavaScript writes `e-4`; Python writes at least two exponent digits.
  return value.toExponential(4).replace(
    /e([+-])(\d)$/,
    (_m, sign: string, d: string) => `e${sign}0${d}`,
  );
}

/** Time per step as Keras prints it: ` 21ms/step`, ` 2s/step`, ` 350us/step` (leading space included). */
export function formatStepTime(
  secondsPerUnit: number,
  unitName = "step",
): string {
  if (secondsPerUnit >= 1 || secondsPerUnit === 0) {
    return ` ${roundHalfEven(secondsPerUnit)}s/${unitName}`;
  }
  if (secondsPerUnit >= 1e-3) {
    return ` ${roundHalfEven(secondsPerUnit * 1e3)}ms/${unitName}`;
  }
  return ` ${roundHalfEven(secondsPerUnit * 1e6)}us/${unitName}`;
}

/** Remaining time as Keras prints it: `42s`, `3:07`, `1:02:05`. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, seconds);
  const two = (n: number) => String(Math.floor(n)).padStart(2, "0");
  if (s > 3600) {
    return `${Math.floor(s / 3600)}:${two((s % 3600) / 60)}:${two(s % 60)}`;
  }
  if (s > 60) return `${Math.floor(s / 60)}:${two(s % 60)}`;
  return `${Math.floor(s)}s`;
}

/** Elapsed time of a finished bar, as Keras prints it: `4s`, `63s`. */
export function formatElapsed(seconds: number): string {
  return `${roundHalfEven(seconds)}s`;
}

/** Options of {@link ProgressBar}. */
export interface ProgressBarOptions {
  /** Where lines go. */
  writer: ProgressWriter;
  /** 1: live bar; 2: one line when finished; 0: nothing. Default 1. */
  verbose?: 0 | 1 | 2;
  /** Bar cells; Keras uses 20. */
  width?: number;
  /** Minimum seconds between live updates; Keras uses 0.05. */
  interval?: number;
  /** Unit in `ms/step`. */
  unitName?: string;
  /** Clock in seconds (injectable for tests). */
  now?: () => number;
}

/** The default clock, in seconds. */
export function defaultClock(): number {
  return performance.now() / 1000;
}

/**
 * A Keras progress bar over `target` steps. Values passed to
 * {@link ProgressBar.update} are shown as given (the training loop already
 * passes running means), in the order they first appear.
 *
 * @example
 * ```ts
 * const bar = new ProgressBar(196, { writer });
 * await bar.update(1, { accuracy: 0.1, loss: 2.3 });
 * await bar.update(196, { accuracy: 0.71, loss: 1.05 }); // final line
 * ```
 */
export class ProgressBar {
  /** Total number of steps; the bar is full when `update(target, …)` is called. */
  readonly target: number;
  readonly #writer: ProgressWriter;
  readonly #verbose: 0 | 1 | 2;
  readonly #width: number;
  readonly #interval: number;
  readonly #unit: string;
  readonly #now: () => number;
  readonly #start: number;
  #lastUpdate = 0;
  #timeAfterFirstStep: number | undefined;
  #order: string[] = [];
  #values: Logs = {};

  /** Starts the clock now (Keras starts it when the epoch begins). */
  constructor(target: number, options: ProgressBarOptions) {
    if (!Number.isInteger(target) || target < 1) {
      throw new RangeError(
        `ProgressBar: target must be a positive integer, got ${target}.`,
      );
    }
    this.target = target;
    this.#writer = options.writer;
    this.#verbose = options.verbose ?? 1;
    this.#width = options.width ?? 20;
    this.#interval = options.interval ?? 0.05;
    this.#unit = options.unitName ?? "step";
    this.#now = options.now ?? defaultClock;
    this.#start = this.#now();
    this.#lastUpdate = Number.NEGATIVE_INFINITY;
  }

  /**
   * Whether {@link update} at step `current` would print now: always for the
   * final line, else for verbose 1 once `interval` has passed. Lets a caller
   * skip a GPU→CPU read for values nobody would see.
   */
  due(current: number, finalize?: boolean): boolean {
    if (finalize ?? current >= this.target) return true;
    return this.#verbose === 1 &&
      this.#now() - this.#lastUpdate >= this.#interval;
  }

  /**
   * Shows progress at step `current` (1-based). `finalize` defaults to
   * `current >= target`; a finalized update prints the final line.
   */
  async update(
    current: number,
    values: Logs = {},
    finalize?: boolean,
  ): Promise<void> {
    const done = finalize ?? current >= this.target;
    for (const [k, v] of Object.entries(values)) {
      if (!this.#order.includes(k)) this.#order.push(k);
      this.#values[k] = v;
    }
    const now = this.#now();
    const perUnit = this.#stepDuration(current, now);
    if (this.#verbose === 1) {
      if (now - this.#lastUpdate < this.#interval && !done) return;
      const line = this.#barLine(current, now, perUnit, done);
      if (done) await this.#writer.finish(line);
      else await this.#writer.update(line);
    } else if (this.#verbose === 2 && done) {
      const digits = String(this.target).length;
      let text = `${String(current).padStart(digits)}/${this.target} - ${
        formatElapsed(now - this.#start)
      } -${formatStepTime(perUnit, this.#unit)}`;
      text += this.#metricsText();
      await this.#writer.line(text);
    }
    this.#lastUpdate = now;
  }

  #metricsText(): string {
    return this.#order.map((k) =>
      ` - ${k}: ${formatMetricValue(this.#values[k])}`
    ).join("");
  }

  #barLine(
    current: number,
    now: number,
    perUnit: number,
    done: boolean,
  ): ProgressLine {
    const digits = String(this.target).length;
    const count = `${String(current).padStart(digits)}/${this.target}`;
    const filled = Math.min(
      this.#width,
      Math.floor((this.#width * current) / this.target),
    );
    const time = done
      ? formatElapsed(now - this.#start)
      : formatEta(perUnit * (this.target - current));
    const info = ` ${time}${
      formatStepTime(perUnit, this.#unit)
    }${this.#metricsText()}`;
    const parts: BarParts = {
      count,
      done: filled,
      todo: this.#width - filled,
      info,
    };
    return { text: `${count} ${BAR_CHAR.repeat(this.#width)}${info}`, parts };
  }

  // Keras ignores the first step (graph tracing, warm-up) once there are more.
  #stepDuration(current: number, now: number): number {
    if (!current) return 0;
    let perUnit: number;
    if (this.#timeAfterFirstStep !== undefined && current > 1) {
      perUnit = (now - this.#timeAfterFirstStep) / (current - 1);
    } else {
      perUnit = (now - this.#start) / current;
    }
    if (current === 1) this.#timeAfterFirstStep = now;
    return perUnit;
  }
}
