/**
 * Live progress of the course command while it executes notebooks headless:
 * which notebook and cell runs, the kernel's own training bar relayed as it
 * updates (epoch, step, ms/step), the time elapsed and an estimate of what
 * is left, from the cell times of each notebook's previous executed copy.
 *
 * On a terminal one status line is redrawn in place. With `CI=true` or when
 * stdout is not a terminal, plain lines are printed instead, at most one per
 * `plainEveryS` seconds (and one per notebook), with no carriage returns, so
 * CI logs stay readable.
 *
 * @module
 */

import { basename } from "node:path";
import { formatDuration } from "./course_report.ts";
import type { ExecuteEvent } from "./execute.ts";

/** A notebook the run will execute, with what its last run took. */
export interface PlannedNotebook {
  source: string;
  /** Seconds per code cell of the previous run in the same mode, if known. */
  previousCells?: number[];
}

/** Options of {@link CourseProgress}. */
export interface ProgressOptions {
  /** Redraw one line in place (a terminal) instead of printing plain lines. */
  live: boolean;
  /** Seconds between plain lines (default 15). */
  plainEveryS?: number;
  /** Where text goes (default stdout). */
  write?: (text: string) => void;
  /** Clock in milliseconds (tests pass a fake one). */
  now?: () => number;
  /** Terminal width (default: the console's, else 100). */
  width?: () => number;
}

/** Whether progress should be drawn live: a terminal and not CI. */
export function liveProgressWanted(): boolean {
  const ci = Deno.env.get("CI");
  if (ci && ci !== "0" && ci.toLowerCase() !== "false") return false;
  try {
    return Deno.stdout.isTerminal();
  } catch {
    return false;
  }
}

function consoleWidth(): number {
  try {
    return Deno.consoleSize().columns;
  } catch {
    return 100;
  }
}

/** Follows executor events and shows where the run is. */
export class CourseProgress {
  readonly #plan: PlannedNotebook[];
  readonly #opts: Required<Omit<ProgressOptions, "plainEveryS">> & {
    plainEveryS: number;
  };
  readonly #started: number;
  #index = -1;
  #notebookStarted = 0;
  #cell = 0;
  #cells = 0;
  #cellStarted = 0;
  #output = "";
  #lastPlain = -Infinity;
  #drawn = false;

  /** @param plan the notebooks in the order they will run */
  constructor(plan: PlannedNotebook[], options: ProgressOptions) {
    this.#plan = plan;
    const encoder = new TextEncoder();
    this.#opts = {
      live: options.live,
      plainEveryS: options.plainEveryS ?? 15,
      write: options.write ??
        ((t) => Deno.stdout.writeSync(encoder.encode(t))),
      now: options.now ?? (() => Date.now()),
      width: options.width ?? consoleWidth,
    };
    this.#started = this.#opts.now();
  }

  /** Prints a permanent line (above the live line on a terminal). */
  line(text: string): void {
    if (this.#opts.live && this.#drawn) this.#opts.write("\r\x1b[2K");
    this.#opts.write(`${text}\n`);
    this.#drawn = false;
    if (this.#opts.live && this.#index >= 0) this.#draw();
  }

  /** Feeds one executor event. */
  onEvent(e: ExecuteEvent): void {
    const now = this.#opts.now();
    if (e.event === "cell_start") {
      const i = this.#plan.findIndex((p) => p.source === e.notebook);
      if (i !== this.#index) {
        this.#index = i;
        this.#notebookStarted = now;
        this.#lastPlain = -Infinity; // one line as each notebook starts
      }
      this.#cell = e.code_cell;
      this.#cells = e.code_cells;
      this.#cellStarted = now;
      this.#output = "";
    } else if (e.event === "output") {
      this.#output = e.text.trim();
    } else if (e.event === "notebook") {
      this.#output = "";
      return;
    } else return;
    if (this.#opts.live) this.#draw();
    else if (now - this.#lastPlain >= this.#opts.plainEveryS * 1000) {
      this.#lastPlain = now;
      this.#opts.write(`  … ${this.status()}\n`);
    }
  }

  /** Removes the live line (before the summary). */
  finish(): void {
    if (this.#opts.live && this.#drawn) this.#opts.write("\r\x1b[2K");
    this.#drawn = false;
  }

  /**
   * Seconds the run still needs by the previous runs' cell times, and how
   * many notebooks (the current one included) have no previous time.
   */
  remaining(): { seconds: number; unknown: number } {
    const now = this.#opts.now();
    let seconds = 0;
    let unknown = 0;
    for (let i = Math.max(this.#index, 0); i < this.#plan.length; i++) {
      const cells = this.#plan[i].previousCells;
      if (!cells || (i === this.#index && cells.length !== this.#cells)) {
        unknown++;
        continue;
      }
      if (i === this.#index) {
        const inCell = (now - this.#cellStarted) / 1000;
        seconds += Math.max(0, cells[this.#cell - 1] - inCell);
        seconds += cells.slice(this.#cell).reduce((a, b) => a + b, 0);
      } else seconds += cells.reduce((a, b) => a + b, 0);
    }
    return { seconds, unknown };
  }

  /** The status text: notebook, cell, times, estimate and the last output. */
  status(): string {
    const now = this.#opts.now();
    const nb = this.#plan[this.#index];
    const parts = [
      `[${this.#index + 1}/${this.#plan.length}] ${
        nb ? basename(nb.source) : "?"
      }`,
      `cell ${this.#cell}/${this.#cells}`,
      `${formatDuration((now - this.#notebookStarted) / 1000)} (total ${
        formatDuration((now - this.#started) / 1000)
      })`,
    ];
    const left = this.remaining();
    if (left.unknown < this.#plan.length - Math.max(this.#index, 0)) {
      parts.push(
        `~${formatDuration(left.seconds)} left${
          left.unknown ? ` + ${left.unknown} notebook(s) never timed` : ""
        }`,
      );
    }
    const head = parts.join(" · ");
    return this.#output ? `${head} │ ${this.#output}` : head;
  }

  #draw(): void {
    const width = Math.max(20, this.#opts.width() - 1);
    const text = [...this.status()].slice(0, width).join("");
    this.#opts.write(`\r\x1b[2K${text}`);
    this.#drawn = true;
  }
}
