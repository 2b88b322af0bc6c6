/**
 * The one progress bar (`keras.utils.Progbar`), for `fit` / `evaluate` /
 * `predict` and for downloads. Its steps line is Keras 3's, line for line:
 * `196/196 ━━━━━━━━━━━━━━━━━━━━ 4s 21ms/step - accuracy: 0.7120 - loss: 1.0518`;
 * its bytes line is the one `keras.utils.get_file` prints while
 * downloading: `5251072/11490434 [=============>................] - ETA: 0s`.
 * Where the text goes (terminal, Jupyter, stderr, a test) is a
 * {@link ProgressWriter}; the numbers' formats are in `progress_format.ts`.
 *
 * @module
 */
import type { Logs } from "../core/types.ts";
import {
  formatDownloadLine,
  formatElapsed,
  formatEta,
  formatMetricValue,
  formatStepTime,
} from "./progress_format.ts";

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
  /**
   * `"steps"` (default): Keras 3's bar over a known number of steps;
   * `"bytes"`: the download line, whose target may be unknown (`null`).
   */
  format?: "steps" | "bytes";
}

/** The default clock, in seconds. */
export function defaultClock(): number {
  return performance.now() / 1000;
}

/**
 * A Keras progress bar over `target` steps (or bytes). Values passed to
 * {@link ProgressBar.update} are shown as given (the training loop already
 * passes running means), in the order they first appear. Both formats share
 * the clock, the throttling (`interval`) and the writer.
 *
 * @example
 * ```ts
 * const bar = new ProgressBar(196, { writer });
 * await bar.update(1, { accuracy: 0.1, loss: 2.3 });
 * await bar.update(196, { accuracy: 0.71, loss: 1.05 }); // final line
 * ```
 */
export class ProgressBar {
  /** Total number of steps; the bar is full when `update(target, …)` is called (0: unknown, bytes only). */
  readonly target: number;
  readonly #format: "steps" | "bytes";
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
  constructor(target: number | null, options: ProgressBarOptions) {
    this.#format = options.format ?? "steps";
    if (
      this.#format === "steps" && (!Number.isInteger(target) || target! < 1)
    ) {
      throw new RangeError(
        `ProgressBar: target must be a positive integer, got ${target}.`,
      );
    }
    this.target = target ?? 0;
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
    if (finalize ?? this.#reached(current)) return true;
    return this.#verbose === 1 &&
      this.#now() - this.#lastUpdate >= this.#interval;
  }

  /** Whether `current` is the last step; never with an unknown target (0). */
  #reached(current: number): boolean {
    return this.target > 0 && current >= this.target;
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
    const done = finalize ?? this.#reached(current);
    for (const [k, v] of Object.entries(values)) {
      if (!this.#order.includes(k)) this.#order.push(k);
      this.#values[k] = v;
    }
    const now = this.#now();
    const perUnit = this.#stepDuration(current, now);
    if (this.#verbose === 1) {
      if (now - this.#lastUpdate < this.#interval && !done) return;
      const line = this.#format === "bytes"
        ? { text: this.#bytesLine(current, now, done) }
        : this.#barLine(current, now, perUnit, done);
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

  #bytesLine(current: number, now: number, done: boolean): string {
    const total = this.target > 0 ? this.target : null;
    return formatDownloadLine(current, total, now - this.#start, done);
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
