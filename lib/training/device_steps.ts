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
import type { CompiledState, Logs, TrainableModel } from "./types.ts";

/** What one read of the device state says. */
export interface DeviceReading {
  /** Keras's running means so far (keys sorted as in Keras's logs). */
  logs: Logs;
  /** 0-based batch whose loss was first NaN/Inf, or -1. */
  bad: number;
}

/**
 * The running state of an epoch on the device: one tensor
 * `[weighted sums of loss and metrics…, samples counted, first bad batch or -1]`.
 * Once a loss is not finite, that batch's update and every later one are
 * masked to zero (so the weights stay those before the bad batch) and the
 * sums stop, so the logs read are those up to and including the bad batch.
 */
export class DeviceSteps {
  readonly #model: TrainableModel;
  readonly #compiled: CompiledState;
  readonly #metrics: readonly ResolvedMetric[];
  readonly #names: readonly string[];
  readonly #zeros = new Map<string, tf.Tensor>();
  #state: tf.Tensor;

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
    const k = names.length;
    this.#state = tf.tidy(() =>
      tf.concat([tf.zeros([k + 1]), tf.tensor1d([-1])])
    );
  }

  /**
   * Queues one training step on `xb`/`yb` (batch number `batch`); nothing is
   * read back. `onGradients` sees the raw gradients (for the
   * missing-gradient warning) before they are freed.
   */
  step(
    xb: tf.Tensor,
    yb: tf.Tensor,
    batch: number,
    onGradients?: (grads: tf.NamedTensorMap) => void,
  ): void {
    const k = this.#names.length;
    const size = xb.shape[0];
    const old = this.#state;
    // Kept: the caller usually runs this inside its own tidy (batch slices).
    this.#state = tf.keep(tf.tidy(() => {
      const step = trainStep(
        this.#model,
        this.#compiled.loss,
        this.#metrics,
        xb,
        yb,
      );
      const grads = step.grads;
      onGradients?.(grads);
      const bad = tf.slice(old, k + 1, 1);
      const okBefore = tf.less(bad, 0);
      const finite = tf.isFinite(tf.slice(step.values, 0, 1));
      const okAfter = tf.reshape(
        tf.logicalAnd(okBefore, finite),
        [],
      ) as tf.Scalar;
      const masked: tf.NamedTensorMap = {};
      for (const [name, g] of Object.entries(grads)) {
        if (!this.#zeros.has(name)) {
          this.#zeros.set(name, tf.keep(tf.zeros([1, g.size])));
        }
        masked[name] = maskedByScalar(okAfter, g, this.#zeros.get(name)!);
      }
      this.#compiled.optimizer.applyGradients(masked);
      const counted = tf.where(
        okBefore,
        tf.concat([tf.mul(step.values, size), tf.tensor1d([size])]),
        tf.zeros([k + 1]),
      );
      const firstBad = tf.where(
        tf.logicalAnd(okBefore, tf.logicalNot(finite)),
        tf.fill([1], batch),
        bad,
      );
      return tf.concat([tf.add(tf.slice(old, 0, k + 1), counted), firstBad]);
    }));
    old.dispose();
  }

  /** Reads the state back (the one GPU→CPU transfer) as logs and the bad batch. */
  async read(): Promise<DeviceReading> {
    const k = this.#names.length;
    const v = await this.#state.data();
    const count = v[k];
    const entries = this.#names.map((name, i): [string, number] => [
      name,
      count === 0 ? 0 : v[i] / count,
    ]);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { logs: Object.fromEntries(entries), bad: v[k + 1] };
  }

  /** Frees the state and the cached zero tensors. */
  dispose(): void {
    tf.dispose([this.#state, ...this.#zeros.values()]);
    this.#zeros.clear();
  }
}

/**
 * `ok ? g : zeros` for a scalar `ok`, as one Select dispatch: tf.where would
 * first tile the condition to the gradient's shape (a second dispatch per
 * weight, every step). The gradient is viewed as `[1, size]` (a reshape
 * costs no dispatch) because the Select shader indexes a rank-1 condition
 * like its values; `zeros` has that shape.
 */
function maskedByScalar(
  ok: tf.Scalar,
  g: tf.Tensor,
  zeros: tf.Tensor,
): tf.Tensor {
  const flat = tf.reshape(g, [1, g.size]);
  const out = tf.engine().runKernel("Select", {
    condition: ok,
    t: flat,
    e: zeros,
  }) as tf.Tensor;
  return tf.reshape(out, g.shape);
}
