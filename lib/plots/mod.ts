/**
 * Figures with plotly.js that render in Jupyter, VS Code, nbconvert's HTML
 * and (as PNG previews) on GitHub: `plots.imshow`, `plots.digitGrid`,
 * `plots.confusionMatrix`, `plots.misclassified`, `plots.filters`,
 * `plots.featureMaps`, `plots.history` and the `plots.liveHistory()` callback.
 *
 * @example
 * ```ts
 * import { plots } from "cnn/mod.ts";
 * await plots.imshow(xTrain.slice([0], [1]).squeeze(), { title: 8 });
 * ```
 *
 * @module
 */
import {
  confusionCounts,
  confusionMatrix,
  type ConfusionMatrixOptions,
} from "./confusion_matrix.ts";
import { digitGrid, type DigitGridOptions } from "./digit_grid.ts";
import {
  type FeatureExtractor,
  featureMaps,
  type FeatureMapsOptions,
} from "./feature_maps.ts";
import { filters, type FiltersOptions } from "./filters.ts";
import {
  history,
  type HistoryPlotInput,
  type HistoryPlotOptions,
  type HistoryRecord,
} from "./history.ts";
import { imshow, type ImshowOptions } from "./imshow.ts";
import {
  type LiveHistory,
  liveHistory,
  type LiveHistoryOptions,
} from "./live_history.ts";
import { misclassified, type MisclassifiedOptions } from "./misclassified.ts";
import type {
  PlotBundle,
  PLOTLY_MIME,
  PlotlyFigure,
  PlotlyTrace,
  ShowOptions,
} from "./figure.ts";
import type { GridOptions } from "./grid.ts";

/** The figure helpers, as `plots.imshow(...)` etc. */
export const plots = {
  imshow,
  digitGrid,
  confusionMatrix,
  confusionCounts,
  misclassified,
  filters,
  featureMaps,
  history,
  liveHistory,
} as const;

export type {
  ConfusionMatrixOptions,
  DigitGridOptions,
  FeatureExtractor,
  FeatureMapsOptions,
  FiltersOptions,
  GridOptions,
  HistoryPlotInput,
  HistoryPlotOptions,
  HistoryRecord,
  ImshowOptions,
  LiveHistory,
  LiveHistoryOptions,
  MisclassifiedOptions,
  PlotBundle,
  PLOTLY_MIME,
  PlotlyFigure,
  PlotlyTrace,
  ShowOptions,
};
