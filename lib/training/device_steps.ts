/**
 * Training steps that stay on the device: each {@link DeviceSteps.step}
 * queues the forward and backward pass, the masked update and the running
 * sums without reading anything back; {@link DeviceSteps.read} is the only
 * GPU→CPU transfer. Used by `device_loop.ts` (fit on `webgpu`) and by the
 * GPU check's step timings, so both measure the same work.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { trainStep } from "./loop.ts";
import type { ResolvedMetric } from "./metrics.ts";
import type { CompiledState, Logs, TrainableModel } from "../core/types.ts";

/** What one read of the device state says. */
export interface DeviceReading {
  /** Keras's running means so far (keys sorted as in Keras's logs). */
  logs: Logs;
  /** 0-based batch whose loss was first NaN/Inf, or -1. */
  bad: number;
}

/**
 * The running state of an epoch on the device: the weighted sums of loss and
 * metrics, the number of batches whose loss was finite and whether every
 * loss so far was. Once a loss is not finite, that batch's update and every
 * later one are masked to zero (so the weights stay those before the bad
 * batch) and the sums stop after including it, so the logs read are those
 * up to and including the bad batch. The first bad batch is the number of
 * good ones, and the sample count follows from it on the CPU, so a step
 * adds only seven bookkeeping dispatches plus one per weight.
 */
export class DeviceSteps {
  readonly #model: TrainableModel;
  readonly #compiled: CompiledState;
  readonly #metrics: readonly ResolvedMetric[];
  readonly #names: readonly string[];
  readonly #zeros = new Map<string, tf.Tensor>();
  readonly #zeroSums: tf.Tensor;
  #sums: tf.Tensor;
  #good: tf.Tensor;
  #ok: tf.Scalar;
  #sizes: number[] = [];

  /** `names`: the loss then the metrics, as the logs name them. */
  constructor(
    model: TrainableModel,
    compiled: CompiledState,
    metrics: readonly ResolvedMetric[],
    names: readonly string[],
  ) {
    this.#model = model;
    this.#compiled = compiled;
    this.#metrics = metrics;
    this.#names = names;
    this.#zeroSums = tf.zeros([1, names.length]);
    this.#sums = tf.zeros([1, names.length]);
    this.#good = tf.zeros([1]);
    this.#ok = tf.scalar(true, "bool");
  }

  /**
   * Queues one training step on `xb`/`yb`; nothing is read back.
   * `onGradients` sees the raw gradients (for the missing-gradient warning)
   * before they are freed.
   */
  step(
    xb: tf.Tensor,
    yb: tf.Tensor,
    onGradients?: (grads: tf.NamedTensorMap) => void,
  ): void {
    const size = xb.shape[0];
    const [sums, good, ok] = [this.#sums, this.#good, this.#ok];
    // Kept: the caller usually runs this inside its own tidy (batch slices).
    const next = tf.tidy(() => {
      const step = trainStep(
        this.#model,
        this.#compiled.loss,
        this.#metrics,
        xb,
        yb,
      );
      onGradients?.(step.grads);
      const finite = tf.isFinite(tf.slice(step.values, 0, 1));
      const okAfter = tf.reshape(tf.logicalAnd(ok, finite), []) as tf.Scalar;
      const masked: tf.NamedTensorMap = {};
      for (const [name, g] of Object.entries(step.grads)) {
        if (!this.#zeros.has(name)) {
          this.#zeros.set(name, tf.keep(tf.zeros([1, g.size])));
        }
        masked[name] = selectByScalar(okAfter, g, this.#zeros.get(name)!);
      }
      this.#compiled.optimizer.applyGradients(masked);
      const weighted = tf.mul(step.values, size);
      return [
        tf.add(sums, selectByScalar(ok, weighted, this.#zeroSums)),
        tf.add(good, tf.cast(okAfter, "float32")), // bool→float: no dispatch
        okAfter,
      ];
    });
    next.forEach((t) => tf.keep(t));
    [this.#sums, this.#good] = next;
    this.#ok = next[2] as tf.Scalar;
    this.#sizes.push(size);
    tf.dispose([sums, good, ok]);
  }

  /** Reads the state back (one GPU→CPU transfer) as logs and the bad batch. */
  async read(): Promise<DeviceReading> {
    const k = this.#names.length;
    const packed = tf.tidy(() =>
      tf.concat([
        tf.reshape(this.#sums, [k]),
        this.#good,
        tf.reshape(tf.cast(this.#ok, "float32"), [1]),
      ])
    );
    let v: Float32Array;
    try {
      v = (await packed.data()) as Float32Array;
    } finally {
      packed.dispose();
    }
    const good = v[k];
    const bad = v[k + 1] >= 1 ? -1 : good;
    const counted = bad < 0 ? this.#sizes.length : bad + 1;
    let count = 0;
    for (let i = 0; i < counted; i++) count += this.#sizes[i];
    const entries = this.#names.map((name, i): [string, number] => [
      name,
      count === 0 ? 0 : v[i] / count,
    ]);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { logs: Object.fromEntries(entries), bad };
  }

  /** Frees the state and the cached zero tensors. */
  dispose(): void {
    tf.dispose([
      this.#sums,
      this.#good,
      this.#ok,
      this.#zeroSums,
      ...this.#zeros.values(),
    ]);
    this.#zeros.clear();
  }
}

/**
 * `ok ? t : zeros` for a scalar `ok`, as one Select dispatch: tf.where would
 * first tile the condition to the gradient's shape (a second dispatch per
 * weight, every step). The gradient is viewed as `[1, size]` (a reshape
 * costs no dispatch) because the Select shader indexes a rank-1 condition
 * like its values; `zeros` has that shape.
 */
function selectByScalar(
  ok: tf.Scalar,
  g: tf.Tensor,
  zeros: tf.Tensor,
): tf.Tensor {
  const flat = tf.reshape(g, [1, g.size]); // zeros has this shape
  const out = tf.engine().runKernel("Select", {
    condition: ok,
    t: flat,
    e: zeros,
  }) as tf.Tensor;
  return tf.reshape(out, g.shape);
}
