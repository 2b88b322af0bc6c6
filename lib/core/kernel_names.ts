/**
 * Names of the project's own tfjs kernels that more than one layer of the
 * library refers to: `backend/` registers them, `keras/` runs them where
 * the current backend has them (and falls back to tfjs's ops elsewhere).
 *
 * @module
 */

/**
 * Batch normalisation in training mode over every axis but the last:
 * inputs `x`, `gamma`, `beta`; attribute `varianceEpsilon`; outputs
 * `[y, mean, variance]` (see `backend/wasm_kernels/batch_norm.ts`).
 */
export const BATCH_NORM_TRAIN = "CnnBatchNormTrain";

/**
 * The gradient of {@link BATCH_NORM_TRAIN}: inputs `dy`, `x`, `mean`,
 * `variance`, `gamma`; outputs `[dx, dgamma, dbeta]`.
 */
export const BATCH_NORM_TRAIN_GRAD = "CnnBatchNormTrainGrad";
