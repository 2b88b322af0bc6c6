/**
 * `plots.liveHistory()`: a training callback that redraws the loss and
 * metric curves in place after every epoch.
 *
 * @module
 */
import type { Callback, Logs } from "../core/types.ts";
import {
  type DisplayFn,
  type MimeBundle,
  newOutputId,
} from "../host/display.ts";
import { kernelDisplay } from "../host/rich_output.ts";
import { makeBundle } from "./bundle.ts";
import type { PlotBundle } from "./figure.ts";
import {
  historyFigure,
  historyPng,
  type HistoryRecord,
  historyText,
} from "./history.ts";

/** Options of {@link liveHistory}. */
export interface LiveHistoryOptions {
  /** Figure title. */
  title?: string;
  /** Replaces the display function (tests, custom front ends); default the kernel's, nothing outside Jupyter. */
  display?: DisplayFn;
}

/** The callback returned by {@link liveHistory}. */
export class LiveHistory implements Callback {
  /** Values per Keras key for the current `fit` call. */
  record: Record<string, number[]> = {};
  /** The display id the figure updates, one per `fit` call. */
  displayId = "";
  /** The last bundle shown. */
  bundle: PlotBundle | undefined;
  #title: string | undefined;
  #display: DisplayFn | undefined;

  /** Use {@link liveHistory}. */
  constructor(options: LiveHistoryOptions = {}) {
    this.#title = options.title;
    this.#display = options.display ?? kernelDisplay();
  }

  /** Starts a new figure (a new display id) with empty axes. */
  async onTrainBegin(): Promise<void> {
    this.displayId = newOutputId("cnn-live-history");
    this.record = {};
    await this.#show(false);
  }

  /** Appends the epoch's logs and redraws in place. */
  async onEpochEnd(_epoch: number, logs: Logs): Promise<void> {
    if (!this.displayId) await this.onTrainBegin();
    for (const [key, value] of Object.entries(logs)) {
      (this.record[key] ??= []).push(value);
    }
    await this.#show(true);
  }

  async #show(update: boolean): Promise<void> {
    const record: HistoryRecord = this.record;
    // Every update carries the PNG of the curves so far: an update replaces
    // the output, and the saved notebook keeps the last one.
    const figure = historyFigure(record, this.#title);
    this.bundle = makeBundle({
      figure,
      png: historyPng(record, figure, this.#title),
      summary: "<liveHistory>",
      text: historyText(record),
    });
    await this.#display?.(this.bundle as unknown as MimeBundle, {
      displayId: this.displayId,
      update,
    });
  }
}

/**
 * A callback for `fit` that draws loss and accuracy (training and
 * validation) and updates the same output after each epoch.
 *
 * @example
 * ```ts
 * await lenet.fit(xTrain, yTrain, {
 *   epochs: 5, batchSize: 256, validationData: [xVal, yVal],
 *   callbacks: [plots.liveHistory()],
 * });
 * ```
 */
export function liveHistory(options: LiveHistoryOptions = {}): LiveHistory {
  return new LiveHistory(options);
}
