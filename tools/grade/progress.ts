/**
 * The live progress bar of a grading run (stderr): redrawn in place on a
 * terminal, one line per finished submission otherwise (CI logs).
 *
 * @module
 */

/** Tracks and draws the progress of a batch. */
export class Progress {
  readonly #total: number;
  readonly #tty: boolean;
  readonly #started = performance.now();
  #done = 0;
  #cached = 0;
  #running = 0;

  /** A bar for `total` submissions. */
  constructor(total: number, tty = Deno.stderr.isTerminal()) {
    this.#total = total;
    this.#tty = tty;
  }

  /** A submission started. */
  start(): void {
    this.#running++;
    this.#draw();
  }

  /** A submission finished (`cached`: taken from the cache). */
  finish(label: string, cached: boolean): void {
    if (!cached) this.#running--;
    this.#done++;
    if (cached) this.#cached++;
    if (!this.#tty) {
      console.error(
        `[${this.#done}/${this.#total}] ${label}${cached ? " (cache)" : ""}`,
      );
    }
    this.#draw();
  }

  /** The bar as one line. */
  line(): string {
    const width = 30;
    const filled = this.#total === 0
      ? width
      : Math.round((this.#done / this.#total) * width);
    const s = Math.round((performance.now() - this.#started) / 1000);
    const clock = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
    return `[${"#".repeat(filled)}${
      ".".repeat(width - filled)
    }] ${this.#done}/${this.#total}` +
      ` · ${this.#running} en curso · ${this.#cached} de la caché · ${clock}`;
  }

  #draw(): void {
    if (!this.#tty) return;
    Deno.stderr.writeSync(new TextEncoder().encode(`\r${this.line()}\x1b[K`));
  }

  /** Ends the bar's line. */
  end(): void {
    if (this.#tty) Deno.stderr.writeSync(new TextEncoder().encode("\n"));
  }
}
