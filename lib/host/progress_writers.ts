/**
 * Destinations for progress lines: a terminal (carriage-return live bar,
 * Keras's colours), a Jupyter output updated in place, a list (tests), or
 * a download's {@link ProgressSink} (stderr by default).
 *
 * @module
 */
import { escapeHtml } from "../core/html.ts";
import { display, type DisplayFn, inJupyter, newOutputId } from "./display.ts";
import { BAR_CHAR, type ProgressLine, type ProgressWriter } from "./progbar.ts";

const encoder = new TextEncoder();

function stdoutIsTerminal(): boolean {
  try {
    return Deno.stdout.isTerminal();
  } catch {
    return false;
  }
}

/** Options of {@link TerminalWriter}. */
export interface TerminalWriterOptions {
  /** Redraw the live bar with `\r`; default: stdout is a terminal. Otherwise only final lines are printed. */
  dynamic?: boolean;
  /** ANSI bold/green/grey like Keras; default: dynamic and `NO_COLOR` unset. */
  colors?: boolean;
  /** Where bytes go; default stdout. */
  write?: (text: string) => void;
}

/**
 * Writes to stdout like Keras in a terminal: the bar is redrawn in place
 * with `\r` and ends as the final line. When stdout is not a terminal (a
 * log file, CI) only the final lines are written, so logs stay short.
 */
export class TerminalWriter implements ProgressWriter {
  readonly #dynamic: boolean;
  readonly #colors: boolean;
  readonly #write: (text: string) => void;
  #prevWidth = 0;

  /** See {@link TerminalWriterOptions}. */
  constructor(options: TerminalWriterOptions = {}) {
    this.#dynamic = options.dynamic ?? stdoutIsTerminal();
    this.#colors = options.colors ?? (this.#dynamic && !Deno.noColor);
    this.#write = options.write ?? ((text) => {
      const bytes = encoder.encode(text);
      let written = 0;
      while (written < bytes.length) {
        written += Deno.stdout.writeSync(bytes.subarray(written));
      }
    });
  }

  line(text: string): void {
    this.#write(`${text}\n`);
    this.#prevWidth = 0;
  }

  update(line: ProgressLine): void {
    if (!this.#dynamic) return;
    this.#write(`\r${this.#render(line)}`);
  }

  finish(line: ProgressLine): void {
    this.#write(`${this.#dynamic ? "\r" : ""}${this.#render(line)}\n`);
    this.#prevWidth = 0;
  }

  #render(line: ProgressLine): string {
    const width = [...line.text].length;
    // Pad over the rest of a longer previous line, as Keras does.
    const pad = " ".repeat(Math.max(0, this.#prevWidth - width));
    this.#prevWidth = width;
    const p = line.parts;
    if (!this.#colors || !p) return line.text + pad;
    const done = p.done > 0 ? `\x1b[32m${BAR_CHAR.repeat(p.done)}\x1b[0m` : "";
    const todo = `\x1b[37m${BAR_CHAR.repeat(p.todo)}\x1b[0m`;
    const [time, ...rest] = p.info.slice(1).split(" ");
    return `\x1b[1m${p.count}\x1b[0m ${done}${todo} \x1b[1m${time}\x1b[0m ${
      rest.join(" ")
    }${pad}`;
  }
}

function lineHtml(line: ProgressLine): string {
  const p = line.parts;
  if (!p) return escapeHtml(line.text);
  const done = p.done > 0
    ? `<span style="color:#2e9e44">${BAR_CHAR.repeat(p.done)}</span>`
    : "";
  const todo = p.todo > 0
    ? `<span style="color:#bdbdbd">${BAR_CHAR.repeat(p.todo)}</span>`
    : "";
  return `<b>${escapeHtml(p.count)}</b> ${done}${todo}${escapeHtml(p.info)}`;
}

/**
 * One Jupyter output per `fit`/`evaluate`/`predict` call, updated in place
 * (`display_id`). Its text is always the finished lines plus the live bar,
 * so once training ends the stored output is exactly the final lines in
 * `text/plain` (and a coloured `<pre>` in `text/html`).
 */
export class JupyterWriter implements ProgressWriter {
  /** The Jupyter `display_id` this writer updates in place. */
  readonly displayId: string;
  readonly #display: DisplayFn;
  readonly #finished: ProgressLine[] = [];
  #live: ProgressLine | undefined;
  #shown = false;

  /** `show` defaults to the kernel's display (see `display.ts`). */
  constructor(show: DisplayFn = display) {
    this.#display = show;
    this.displayId = newOutputId("cnn-progress");
  }

  async line(text: string): Promise<void> {
    this.#finished.push({ text });
    await this.#render();
  }

  async update(line: ProgressLine): Promise<void> {
    this.#live = line;
    await this.#render();
  }

  async finish(line: ProgressLine): Promise<void> {
    this.#live = undefined;
    this.#finished.push(line);
    await this.#render();
  }

  /** The text the output currently shows. */
  get text(): string {
    return this.#lines().map((l) => l.text).join("\n");
  }

  #lines(): ProgressLine[] {
    return this.#live ? [...this.#finished, this.#live] : this.#finished;
  }

  async #render(): Promise<void> {
    const lines = this.#lines();
    const bundle = {
      "text/plain": lines.map((l) => l.text).join("\n"),
      "text/html": `<pre style="margin:0">${
        lines.map(lineHtml).join("\n")
      }</pre>`,
    };
    await this.#display(bundle, {
      displayId: this.displayId,
      update: this.#shown,
    });
    this.#shown = true;
  }
}

/**
 * Collects progress in memory: `lines` is the final transcript (what a
 * terminal keeps), `updates` every live bar text. For tests.
 */
export class CaptureWriter implements ProgressWriter {
  /** Final lines in order. */
  readonly lines: string[] = [];
  /** Live (intermediate) bar texts in order. */
  readonly updates: string[] = [];

  line(text: string): void {
    this.lines.push(text);
  }

  update(line: ProgressLine): void {
    this.updates.push(line.text);
  }

  finish(line: ProgressLine): void {
    this.lines.push(line.text);
  }
}

/** The writer for where the code runs: Jupyter output in the kernel, stdout elsewhere. */
export function defaultWriter(): ProgressWriter {
  return inJupyter() ? new JupyterWriter() : new TerminalWriter();
}

/** Receives each rendered download line; `final` is true for the last one. */
export type ProgressSink = (line: string, final: boolean) => void;

/**
 * The default sink of downloads: on a terminal or in Jupyter the line is
 * redrawn in place with a carriage return on stderr; elsewhere (logs, CI)
 * only the final line is written, so logs do not fill with partial bars.
 */
export function stderrProgressSink(): ProgressSink {
  let dynamic = false;
  try {
    dynamic = inJupyter() || Deno.stderr.isTerminal();
  } catch {
    // Outside the kernel some Deno versions throw on `Deno.jupyter`, or the
    // tty state is not readable: behave like a log.
  }
  let lastLength = 0;
  return (line, final) => {
    if (!dynamic && !final) return;
    const pad = dynamic
      ? " ".repeat(Math.max(0, lastLength - line.length))
      : "";
    lastLength = line.length;
    Deno.stderr.writeSync(
      encoder.encode((dynamic ? "\r" : "") + line + pad + (final ? "\n" : "")),
    );
  };
}

/** The writer through which the progress bar hands a download's lines to a {@link ProgressSink}. */
export function sinkWriter(sink: ProgressSink): ProgressWriter {
  return {
    line: (text) => sink(text, true),
    update: (line) => sink(line.text, false),
    finish: (line) => sink(line.text, true),
  };
}
