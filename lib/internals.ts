/**
 * The library's internal entry point, for the project's own tools and tests:
 * everything the folders' entry points export (`backend/mod.ts`,
 * `data/mod.ts`, `keras/mod.ts`, `training/mod.ts`, `plots/mod.ts`,
 * `host/mod.ts`, the
 * course's `models/mod.ts` and `exercises/mod.ts`), the layers' classes, the
 * training step and the test hooks, beside the public API (`api.ts`).
 *
 * Side-effect free like `api.ts`, and not for notebooks: these names may
 * change without notice; the public ones are those of `api.ts`.
 *
 * @module
 */
export * from "./backend/mod.ts";
export * from "./data/mod.ts";
export * from "./keras/mod.ts";
export * from "./training/mod.ts";
export * from "./plots/mod.ts";
export * from "./host/mod.ts";
export * from "./course/models/mod.ts";
export * from "./course/exercises/mod.ts";
export { separableBN } from "./course/models/separable_bn.ts";
export { lenet5BN } from "./course/models/lenet5_bn.ts";
export {
  separableInceptionLayer,
  separableMiniInception,
} from "./course/models/separable_inception.ts";
export { describeValue } from "./course/exercises/feedback.ts";
export { newFigureId } from "./plots/bundle.ts";
export { LiveHistory } from "./plots/live_history.ts";
export {
  QUICK_EPOCHS,
  QUICK_LIMITS,
  QUICK_TEST,
  QUICK_TRAIN,
  QUICK_VAL,
  quickMode,
  quickNote,
  useQuickMode,
} from "./course/quick.ts";
