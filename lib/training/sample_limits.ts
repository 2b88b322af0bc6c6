/**
 * Caps on how many samples `fit`, `evaluate` and `predict` use and how many
 * epochs `fit` runs, set once by an application instead of in every call.
 *
 * Keras's nearest equivalents are the per-call `steps_per_epoch`,
 * `validation_steps` and `steps` arguments. A course runs unchanged
 * notebooks on a stated subset (its quick mode, `lib/course/quick.ts`), so
 * here the caps are installed once with {@link setSampleLimits}. The engine
 * knows only numbers and the note to print, never why or from which
 * environment variable.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** A run the limits shortened (or would have, had its inputs been longer). */
export type LimitedRun =
  | {
    /** `fit`. */
    kind: "fit";
    /** Training samples used. */
    train: number;
    /** Validation samples used, when there is validation data. */
    validation?: number;
    /** Epochs run. */
    epochs: number;
  }
  | {
    /** `evaluate` or `predict`. */
    kind: "evaluate" | "predict";
    /** Samples used. */
    samples: number;
    /** Whether the inputs were longer than that. */
    shortened: boolean;
  };

/** The caps, and the line a progress writer prints before a capped run. */
export interface SampleLimits {
  /** First samples `fit` trains on. */
  readonly train: number;
  /** First samples of `validationData` `fit` evaluates. */
  readonly validation: number;
  /** First samples `evaluate` and `predict` use. */
  readonly test: number;
  /** Most epochs `fit` runs. */
  readonly epochs: number;
  /** The note printed first (only where the run prints), or nothing. */
  note(run: LimitedRun): string | undefined;
}

let current: (() => SampleLimits | undefined) | undefined;

/**
 * Installs the caps: `limits` is asked at the start of every run, so it may
 * switch them on and off (return `undefined` for none). `undefined` removes
 * them.
 *
 * @example
 * ```ts
 * setSampleLimits(() => ({ train: 2048, validation: 512, test: 512, epochs: 1,
 *   note: () => undefined }));
 * ```
 */
export function setSampleLimits(
  limits: (() => SampleLimits | undefined) | undefined,
): void {
  current = limits;
}

/** The caps in force now, if any. */
export function sampleLimits(): SampleLimits | undefined {
  return current?.();
}

/** What a capped run uses; `owned` lists the slices the caller disposes. */
export interface Limited<T> {
  /** The (possibly shortened) inputs. */
  inputs: T;
  /** Slices made for the run, for the caller to dispose after it. */
  owned: tf.Tensor[];
  /** The line to print first, if any. */
  note: string | undefined;
}

/** The first `n` samples of `t` (`t` itself when it has no more). */
function head(t: tf.Tensor, n: number, owned: tf.Tensor[]): tf.Tensor {
  if (n >= t.shape[0]) return t;
  const part = tf.slice(t, 0, n);
  owned.push(part);
  return part;
}

/** `fit`'s inputs and epochs under the caps, or `undefined` when none is set. */
export function limitFit(
  x: tf.Tensor,
  y: tf.Tensor,
  validation: [tf.Tensor, tf.Tensor] | undefined,
  epochs: number,
):
  | Limited<[tf.Tensor, tf.Tensor, [tf.Tensor, tf.Tensor] | undefined, number]>
  | undefined {
  const limits = sampleLimits();
  if (limits === undefined) return undefined;
  const owned: tf.Tensor[] = [];
  const xs = head(x, limits.train, owned);
  const ys = head(y, limits.train, owned);
  const val = validation && [
    head(validation[0], limits.validation, owned),
    head(validation[1], limits.validation, owned),
  ] as [tf.Tensor, tf.Tensor];
  const capped = Math.min(epochs, limits.epochs);
  const note = limits.note({
    kind: "fit",
    train: xs.shape[0],
    validation: val?.[0].shape[0],
    epochs: capped,
  });
  return { inputs: [xs, ys, val, capped], owned, note };
}

/**
 * `evaluate`'s or `predict`'s tensors (samples first) under the `test` cap,
 * or `undefined` when none is set.
 */
export function limitTest(
  kind: "evaluate" | "predict",
  tensors: tf.Tensor[],
): Limited<tf.Tensor[]> | undefined {
  const limits = sampleLimits();
  if (limits === undefined) return undefined;
  const owned: tf.Tensor[] = [];
  const inputs = tensors.map((t) => head(t, limits.test, owned));
  const note = limits.note({
    kind,
    samples: inputs[0].shape[0],
    shortened: owned.length > 0,
  });
  return { inputs, owned, note };
}

/**
 * How many of `n` labels (or images) a figure compares with `predicted`
 * predictions: `predicted` when `predict` covered only the first samples
 * under the `test` cap (so a figure pairs each prediction with its own
 * label), otherwise `n`.
 */
export function predictedLength(n: number, predicted: number): number {
  const limits = sampleLimits();
  return limits !== undefined && predicted < n &&
      predicted === Math.min(n, limits.test)
    ? predicted
    : n;
}
