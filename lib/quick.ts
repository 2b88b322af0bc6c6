/**
 * Quick mode (`CNN_QUICK=1`): the course runs on a stated subset so every
 * notebook executes in CI in minutes. The numbers live here so the data
 * loader, the training loop and the notebooks all say the same thing.
 *
 * @module
 */

/** Training samples used by `fit` in quick mode. */
export const QUICK_TRAIN = 2048;
/** Validation samples used by `fit` in quick mode. */
export const QUICK_VAL = 512;
/** Test samples used by `evaluate` in quick mode. */
export const QUICK_TEST = 512;
/** Maximum epochs in quick mode. */
export const QUICK_EPOCHS = 1;

/**
 * How many of `n` labels (or images) a figure compares with `predicted`
 * predictions: in quick mode `predict`, like `evaluate`, covers only the
 * first {@link QUICK_TEST} samples, so the figures use those same samples
 * (the one test subset of quick mode). Otherwise `n`, unchanged.
 */
export function quickTestLength(n: number, predicted: number): number {
  return quickMode() && predicted < n && predicted === Math.min(n, QUICK_TEST)
    ? predicted
    : n;
}

/** True when `CNN_QUICK` is set to `1`/`true` in the environment. */
export function quickMode(): boolean {
  try {
    const v = Deno.env.get("CNN_QUICK");
    return v === "1" || v?.toLowerCase() === "true";
  } catch {
    // Without --allow-env the course runs in full mode.
    return false;
  }
}
