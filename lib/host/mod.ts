/**
 * All that talks to Jupyter or a terminal: rich output (`display`), live
 * status lines, the one progress bar (Keras's `Progbar`, for training and
 * downloads) and where its lines go, the kernel's interrupt button, and
 * plotly.js for figures. It imports only `core/`, so every engine folder
 * may use it.
 *
 * @module
 */
export {
  display,
  type DisplayFn,
  type DisplayOptions,
  inJupyter,
  type MimeBundle,
  newOutputId,
} from "./display.ts";
export {
  CELL_DISPLAY,
  kernelDisplay,
  kernelOutput,
  type RichOutput,
  showBundle,
  type ShowBundleOptions,
  showsAsText,
} from "./rich_output.ts";
export {
  StatusLine,
  type StatusMode,
  statusMode,
  type StatusOptions,
  withStatus,
} from "./status_line.ts";
export {
  BAR_CHAR,
  type BarParts,
  defaultClock,
  ProgressBar,
  type ProgressBarOptions,
  type ProgressLine,
  type ProgressWriter,
} from "./progbar.ts";
// Every number format of the progress lines (its five exports).
export * from "./progress_format.ts";
export {
  CaptureWriter,
  defaultWriter,
  JupyterWriter,
  type ProgressSink,
  sinkWriter,
  stderrProgressSink,
  TerminalWriter,
  type TerminalWriterOptions,
} from "./progress_writers.ts";
export {
  checkInterrupt,
  interruptible,
  interruptPending,
  KeyboardInterrupt,
  listenForInterrupts,
  stopListeningForInterrupts,
} from "./interrupt.ts";
export {
  PLOTLY_LOADER_ATTRIBUTE,
  plotlyBundleUrl,
  plotlyLoaderHtml,
  plotlySource,
  plotlyVersion,
} from "./plotly_loader.ts";
export {
  PLOTLY_NOT_SERVED_NOTE,
  PLOTLY_UNAVAILABLE_NOTE,
  servedPlotlyPath,
} from "./plotly_served.ts";
