/**
 * Keras-style byte progress bar for downloads (`keras.utils.get_file`):
 * `5251072/11490434 [=============>................] - ETA: 0s`, finishing as
 * `11490434/11490434 [==============================] - 1s 0us/step`.
 *
 * @module
 */
import { inJupyter } from "./display.ts";

const WIDTH = 30;

/** Receives each rendered progress line; `final` is true for the last one. */
export type ProgressSink = (line: string, final: boolean) => void;

/** Keras `Progbar` bar text for `current` of `total` units (`total` unknown → `null`). */
export function formatProgressLine(
  current: number,
  total: number | null,
  elapsedSeconds: number,
  final: boolean,
): string {
  let head: string;
  if (total !== null && total > 0) {
    const digits = String(total).length;
    const shown = Math.min(current, total);
    const filled = Math.floor((WIDTH * shown) / total);
    let bar = "";
    if (filled > 0) bar += "=".repeat(filled - 1) + (shown < total ? ">" : "=");
    bar += ".".repeat(WIDTH - filled);
    head = `${String(current).padStart(digits)}/${total} [${bar}]`;
  } else {
    head = `${String(current).padStart(7)}/Unknown`;
  }
  if (final || total === null || total <= 0) {
    return `${head} - ${Math.round(elapsedSeconds)}s ${
      formatPerUnit(elapsedSeconds, current)
    }`;
  }
  const eta = current > 0 ? (elapsedSeconds / current) * (total - current) : 0;
  return `${head} - ETA: ${formatEta(eta)}`;
}

function formatPerUnit(elapsed: number, units: number): string {
  const t = units > 0 ? elapsed / units : 0;
  if (t >= 1) return `${Math.round(t)}s/step`;
  if (t >= 1e-3) return `${Math.round(t * 1e3)}ms/step`;
  return `${Math.round(t * 1e6)}us/step`;
}

function formatEta(eta: number): string {
  const s = Math.floor(eta);
  if (s > 3600) {
    return `${Math.floor(s / 3600)}:${
      String(Math.floor((s % 3600) / 60)).padStart(2, "0")
    }:${String(s % 60).padStart(2, "0")}`;
  }
  if (s > 60) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  return `${s}s`;
}

/**
 * The default sink: on a terminal or in Jupyter the line is redrawn in place
 * with a carriage return on stderr; elsewhere (logs, CI) only the final line
 * is written, so logs do not fill with partial bars.
 */
export function stderrProgressSink(): ProgressSink {
  let dynamic = false;
  try {
    dynamic = inJupyter() || Deno.stderr.isTerminal();
  } catch {
    // Outside the kernel some Deno versions throw on `Deno.jupyter`, or the
    // tty state is not readable: behave like a log.
  }
  const enc = new TextEncoder();
  let lastLength = 0;
  return (line, final) => {
    if (!dynamic && !final) return;
    const pad = dynamic
      ? " ".repeat(Math.max(0, lastLength - line.length))
      : "";
    lastLength = line.length;
    Deno.stderr.writeSync(
      enc.encode((dynamic ? "\r" : "") + line + pad + (final ? "\n" : "")),
    );
  };
}

/**
 * Tracks byte counts and emits throttled progress lines (at most every
 * `intervalMs`, plus the final one).
 */
export class ByteProgress {
  readonly #sink: ProgressSink;
  readonly #total: number | null;
  readonly #start = performance.now();
  readonly #intervalMs: number;
  #last = -Infinity;
  #current = 0;

  /**
   * Starts timing a transfer of `total` bytes.
   *
   * @param sink where lines go
   * @param total expected byte count, `null` when the server gave none
   * @param intervalMs minimum time between redraws
   */
  constructor(sink: ProgressSink, total: number | null, intervalMs = 100) {
    this.#sink = sink;
    this.#total = total;
    this.#intervalMs = intervalMs;
  }

  /** Adds `n` received bytes and redraws if enough time has passed. */
  add(n: number): void {
    this.#current += n;
    const now = performance.now();
    if (now - this.#last >= this.#intervalMs) {
      this.#last = now;
      this.#sink(this.#line(false), false);
    }
  }

  /** Draws the final line. */
  done(): void {
    this.#sink(this.#line(true), true);
  }

  #line(final: boolean): string {
    const elapsed = (performance.now() - this.#start) / 1000;
    return formatProgressLine(this.#current, this.#total, elapsed, final);
  }
}
