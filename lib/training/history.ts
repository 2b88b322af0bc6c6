/**
 * `History`, what `fit` returns, as Keras's `keras.callbacks.History`.
 *
 * @module
 */
import { CELL_DISPLAY } from "../host/rich_output.ts";
import type { Callback, Logs } from "../core/types.ts";

/** Parameters of the `fit` call that produced a {@link History}. */
export interface HistoryParams {
  /** Epochs requested (after any sample limits, see `sample_limits.ts`). */
  epochs: number;
  /** Batches per epoch. */
  steps: number;
  /** Verbosity used. */
  verbose: 0 | 1 | 2;
}

/**
 * Per-epoch logs with Keras keys.
 *
 * @example
 * ```ts
 * const history = await model.fit(x, y, { epochs: 5, validationData: [xVal, yVal] });
 * history.history.val_accuracy; // one number per epoch
 * history.epoch;                // [0, 1, 2, 3, 4]
 * ```
 */
export class History implements Callback {
  /** One array per log key (`loss`, `accuracy`, `val_loss`, `val_accuracy`, …). */
  history: Record<string, number[]> = {};
  /** The 0-based indices of the epochs that completed. */
  epoch: number[] = [];
  /** The `fit` parameters. */
  params: HistoryParams;

  /** Creates an empty history for a `fit` call with these parameters. */
  constructor(params: HistoryParams = { epochs: 0, steps: 0, verbose: 0 }) {
    this.params = params;
  }

  /** Records one epoch's logs. */
  onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) {
      (this.history[key] ??= []).push(value);
    }
  }

  /** Keras-like one-line description, e.g. `<History: 5 epochs, loss 1.0518 → 0.1321>`. */
  toString(): string {
    const n = this.epoch.length;
    const loss = this.history.loss;
    const trend = loss && loss.length > 0
      ? `, loss ${loss[0].toFixed(4)} → ${loss[loss.length - 1].toFixed(4)}`
      : "";
    return `<History: ${n} epoch${n === 1 ? "" : "s"}${trend}>`;
  }

  /**
   * What the Deno kernel shows when `await model.fit(…)` is a cell's last
   * expression: the one line of {@link History.toString}, as Keras shows
   * `<keras.src.callbacks.history.History at 0x…>`, not the whole object.
   */
  [CELL_DISPLAY](): Record<string, string> {
    return { "text/plain": this.toString() };
  }
}
