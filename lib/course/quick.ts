/**
 * Quick mode (`CNN_QUICK=1`): the course runs on a stated subset so every
 * notebook executes in CI in minutes. The numbers and the notes live here,
 * in the course layer; the engine only knows the sample limits this module
 * installs (`lib/training/sample_limits.ts`). `lib/mod.ts`, the notebooks'
 * entry, calls {@link useQuickMode} when it boots. The data loader is not
 * involved: the notebooks load and print the whole of MNIST either way.
 *
 * @module
 */
import { formatCount } from "../core/format.ts";
import { quickMode } from "./quick_flag.ts";
import {
  type LimitedRun,
  type SampleLimits,
  setSampleLimits,
} from "../training/sample_limits.ts";

export { quickMode } from "./quick_flag.ts";

/** Training samples used by `fit` in quick mode. */
export const QUICK_TRAIN = 2048;
/** Validation samples used by `fit` in quick mode. */
export const QUICK_VAL = 512;
/** Test samples used by `evaluate` (and `predict`) in quick mode. */
export const QUICK_TEST = 512;
/** Maximum epochs in quick mode. */
export const QUICK_EPOCHS = 1;

/**
 * The line `fit`/`evaluate`/`predict` print first in quick mode: always for
 * `fit` and `evaluate`, for `predict` only when it dropped samples.
 */
export function quickNote(run: LimitedRun): string | undefined {
  const mode = "Quick mode (CNN_QUICK=1)";
  if (run.kind === "fit") {
    const val = run.validation === undefined
      ? ""
      : ` / ${formatCount(run.validation)} validation`;
    return `${mode}: ${formatCount(run.train)} train${val} samples, ` +
      `${run.epochs} epoch${run.epochs === 1 ? "" : "s"}.`;
  }
  if (run.kind === "evaluate") {
    return `${mode}: ${formatCount(run.samples)} test samples.`;
  }
  return run.shortened
    ? `${mode}: ${formatCount(run.samples)} samples.`
    : undefined;
}

/** Quick mode's sample limits. */
export const QUICK_LIMITS: SampleLimits = {
  train: QUICK_TRAIN,
  validation: QUICK_VAL,
  test: QUICK_TEST,
  epochs: QUICK_EPOCHS,
  note: quickNote,
};

/**
 * Makes `fit`, `evaluate` and `predict` follow quick mode. `CNN_QUICK` is
 * read at the start of each run, so setting it later still takes effect.
 */
export function useQuickMode(): void {
  setSampleLimits(() => quickMode() ? QUICK_LIMITS : undefined);
}
