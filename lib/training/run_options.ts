/**
 * Options and small helpers shared by `fit`, `evaluate` and `predict`.
 *
 * @module
 */
import { defaultClock, type ProgressWriter } from "../host/progbar.ts";
import { JupyterWriter } from "../host/progress_writers.ts";

/** Keras's `verbose`: `"auto"` and 1 show a live bar, 2 one line per epoch, 0 nothing. */
export type Verbosity = 0 | 1 | 2 | "auto";

/** Output options shared by `fit`, `evaluate` and `predict`. */
export interface OutputOptions {
  /** Default `"auto"` (= 1). */
  verbose?: Verbosity;
  /** Where progress goes; default the Jupyter output in the kernel, stdout elsewhere. */
  writer?: ProgressWriter;
  /** Clock in seconds, for tests; default `performance.now() / 1000`. */
  clock?: () => number;
}
/** Options of {@link evaluate}. */
export interface EvaluateOptions extends OutputOptions {
  /** Default 32. */
  batchSize?: number;
}

/** Options of {@link predict}. */
export interface PredictOptions extends OutputOptions {
  /** Default 32. */
  batchSize?: number;
}
/** Keras's `verbose` resolved: `"auto"` is 1. */
export function verbosity(v: Verbosity | undefined, fn: string): 0 | 1 | 2 {
  if (v === undefined || v === "auto") return 1;
  if (v === 0 || v === 1 || v === 2) return v;
  throw new RangeError(
    `${fn}(): verbose must be 0, 1, 2 or "auto", got ${String(v)}.`,
  );
}

/** Progress-bar options for a writer (Jupyter updates are rarer: each is a kernel message). */
export function barOptions(
  writer: ProgressWriter,
  verbose: 0 | 1 | 2,
  clock?: () => number,
) {
  // Each Jupyter update is a kernel message; a few per second is smooth enough.
  const interval = writer instanceof JupyterWriter ? 0.25 : 0.05;
  return { writer, verbose, interval, now: clock ?? defaultClock };
}
