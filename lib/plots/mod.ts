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
import { confusionCounts, confusionMatrix } from "./confusion_matrix.ts";
import { digitGrid } from "./digit_grid.ts";
import { featureMaps } from "./feature_maps.ts";
import { filters } from "./filters.ts";
import { history } from "./history.ts";
import { imshow } from "./imshow.ts";
import { liveHistory } from "./live_history.ts";
import { misclassified } from "./misclassified.ts";

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
  PlotBundle,
  PLOTLY_MIME,
  PlotlyFigure,
  PlotlyTrace,
  ShowOptions,
} from "./figure.ts";
export type { GridOptions } from "./grid.ts";
export type { ImshowOptions } from "./imshow.ts";
export type { DigitGridOptions } from "./digit_grid.ts";
export type { ConfusionMatrixOptions } from "./confusion_matrix.ts";
export type { MisclassifiedOptions } from "./misclassified.ts";
export type { FiltersOptions } from "./filters.ts";
export type { FeatureExtractor, FeatureMapsOptions } from "./feature_maps.ts";
export type {
  HistoryPlotInput,
  HistoryPlotOptions,
  HistoryRecord,
} from "./history.ts";
export type {
  DisplayFn,
  LiveHistory,
  LiveHistoryOptions,
} from "./live_history.ts";
