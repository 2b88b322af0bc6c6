/**
 * A live status line for slow library steps (starting the backend, loading
 * MNIST), so a cell that takes a second or more says what it is doing
 * instead of showing only `In [*]`.
 *
 * In Jupyter it is an output with a `display_id`, shown when the step starts
 * and updated in place to an empty text when it ends, so the saved notebook
 * keeps only the lines the step prints itself. On a terminal it is a line on
 * stderr, redrawn with `\r` and erased at the end. In logs (stderr not a
 * terminal) nothing is written, so logs are unchanged.
 *
 * @module
 */
import { display, type DisplayFn, inJupyter, newOutputId } from "./display.ts";

/** Where a status line goes: a Jupyter output, a terminal line, or nowhere. */
export type StatusMode = "jupyter" | "terminal" | "off";

/** Options of {@link StatusLine.show} and {@link withStatus}; tests inject the outputs. */
export interface StatusOptions {
  /** Default: {@link statusMode}. */
  mode?: StatusMode;
  /** Jupyter display function (default: the kernel's, see `display.ts`). */
  display?: DisplayFn;
  /** Terminal writer (default: stderr). */
  write?: (text: string) => void;
}

/** `jupyter` inside the kernel, `terminal` when stderr is a terminal, else `off`. */
export function statusMode(): StatusMode {
  try {
    if (inJupyter()) return "jupyter";
    return Deno.stderr.isTerminal() ? "terminal" : "off";
  } catch {
    return "off"; // tty state unreadable: behave like a log
  }
}

const encoder = new TextEncoder();

function writeStderr(text: string): void {
  Deno.stderr.writeSync(encoder.encode(text));
}

/** One live status line; see the module documentation. */
export class StatusLine {
  /** The Jupyter `display_id` of this line. */
  readonly displayId = newOutputId("cnn-status");
  readonly #mode: StatusMode;
  readonly #display: DisplayFn;
  readonly #write: (text: string) => void;
  #width = 0;
  #open = true;

  private constructor(options: StatusOptions) {
    this.#mode = options.mode ?? statusMode();
    this.#display = options.display ?? display;
    this.#write = options.write ?? writeStderr;
  }

  /**
   * Shows `text` and resolves once it is sent: callers about to block the
   * thread (the wasm backend's start does) must await it, or the kernel
   * would send it only afterwards.
   */
  static async show(
    text: string,
    options: StatusOptions = {},
  ): Promise<StatusLine> {
    const line = new StatusLine(options);
    if (line.#mode === "jupyter") {
      await line.#display({ "text/plain": text }, {
        displayId: line.displayId,
      });
    } else {
      line.#draw(text);
    }
    return line;
  }

  /** Replaces the text in place. */
  async update(text: string): Promise<void> {
    if (!this.#open) return;
    if (this.#mode === "jupyter") {
      await this.#display({ "text/plain": text }, {
        displayId: this.displayId,
        update: true,
      });
    } else {
      this.#draw(text);
    }
  }

  /** Empties the line (Jupyter) or erases it (terminal); later calls do nothing. */
  async clear(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    if (this.#mode === "jupyter") {
      await this.#display({ "text/plain": "" }, {
        displayId: this.displayId,
        update: true,
      });
    } else if (this.#mode === "terminal" && this.#width > 0) {
      this.#write(`\r${" ".repeat(this.#width)}\r`);
    }
  }

  #draw(text: string): void {
    if (this.#mode !== "terminal") return;
    const pad = " ".repeat(Math.max(0, this.#width - text.length));
    this.#width = text.length;
    this.#write(`\r${text}${pad}`);
  }
}

/**
 * Runs `work` with a status line saying `text`, removed when `work` ends
 * (also when it throws).
 *
 * @example
 * ```ts
 * const bytes = await withStatus("Loading MNIST…", () => readAll());
 * ```
 */
export async function withStatus<T>(
  text: string,
  work: (line: StatusLine) => Promise<T>,
  options: StatusOptions = {},
): Promise<T> {
  const line = await StatusLine.show(text, options);
  try {
    return await work(line);
  } finally {
    await line.clear();
  }
}
