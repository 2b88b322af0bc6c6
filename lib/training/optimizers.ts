/**
 * Keras optimizers with Keras's defaults, built on tfjs's optimizers.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** Arguments of {@link SGD} (Keras: `learning_rate=0.01, momentum=0.0, nesterov=False`). */
export interface SGDArgs {
  /** Step size; default 0.01. */
  learningRate?: number;
  /** Momentum in [0, 1); default 0 (plain gradient descent). */
  momentum?: number;
  /** Nesterov momentum; default false. */
  nesterov?: boolean;
}

/** Arguments of {@link Adam} (Keras defaults). */
export interface AdamArgs {
  /** Step size; default 0.001. */
  learningRate?: number;
  /** Decay of the first moment; default 0.9. */
  beta1?: number;
  /** Decay of the second moment; default 0.999. */
  beta2?: number;
  /** Numerical stability term; default 1e-7. */
  epsilon?: number;
}

/** Arguments of {@link RMSprop} (Keras defaults). */
export interface RMSpropArgs {
  /** Step size; default 0.001. */
  learningRate?: number;
  /** Decay of the moving average of squared gradients; default 0.9. */
  rho?: number;
  /** Momentum; default 0. */
  momentum?: number;
  /** Numerical stability term; default 1e-7. */
  epsilon?: number;
  /** Normalise by the centred variance; default false. */
  centered?: boolean;
}

function checkPositive(optimizer: string, name: string, value: number): void {
  if (!(typeof value === "number" && Number.isFinite(value) && value > 0)) {
    throw new RangeError(
      `optimizers.${optimizer}: ${name} must be a positive number, got ${value}.`,
    );
  }
}

function checkFraction(optimizer: string, name: string, value: number): void {
  if (!(typeof value === "number" && value >= 0 && value < 1)) {
    throw new RangeError(
      `optimizers.${optimizer}: ${name} must be in [0, 1), got ${value}.`,
    );
  }
}

/**
 * Stochastic gradient descent, optionally with (Nesterov) momentum.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: optimizers.SGD({ learningRate: 0.1 }), loss: "sparse_categorical_crossentropy" });
 * ```
 */
export function SGD(args: SGDArgs = {}): tf.Optimizer {
  const { learningRate = 0.01, momentum = 0, nesterov = false } = args;
  checkPositive("SGD", "learningRate", learningRate);
  checkFraction("SGD", "momentum", momentum);
  // tfjs's momentum update (accum = m·accum + g; w -= lr·accum) equals
  // Keras's (v = m·v − lr·g; w += v) for a constant learning rate.
  if (momentum === 0 && !nesterov) return tf.train.sgd(learningRate);
  return tf.train.momentum(learningRate, momentum, nesterov);
}

/** Adam with Keras's defaults (`learningRate` 0.001, `epsilon` 1e-7). */
export function Adam(args: AdamArgs = {}): tf.Optimizer {
  const { learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7 } =
    args;
  checkPositive("Adam", "learningRate", learningRate);
  checkFraction("Adam", "beta1", beta1);
  checkFraction("Adam", "beta2", beta2);
  checkPositive("Adam", "epsilon", epsilon);
  return tf.train.adam(learningRate, beta1, beta2, epsilon);
}

/** RMSprop with Keras's defaults (`learningRate` 0.001, `rho` 0.9, `epsilon` 1e-7). */
export function RMSprop(args: RMSpropArgs = {}): tf.Optimizer {
  const {
    learningRate = 0.001,
    rho = 0.9,
    momentum = 0,
    epsilon = 1e-7,
    centered = false,
  } = args;
  checkPositive("RMSprop", "learningRate", learningRate);
  checkFraction("RMSprop", "rho", rho);
  checkFraction("RMSprop", "momentum", momentum);
  checkPositive("RMSprop", "epsilon", epsilon);
  return tf.train.rmsprop(learningRate, rho, momentum, epsilon, centered);
}

/**
 * The Keras optimizers, as `keras.optimizers`.
 *
 * @example
 * ```ts
 * const opt = optimizers.Adam({ learningRate: 1e-3 });
 * ```
 */
export const optimizers = { SGD, Adam, RMSprop } as const;

const BY_NAME: Record<string, () => tf.Optimizer> = {
  sgd: () => SGD(),
  adam: () => Adam(),
  rmsprop: () => RMSprop(),
};

/** Optimizer names `compile()` accepts as strings (each with Keras's defaults). */
export const OPTIMIZER_NAMES: readonly string[] = Object.keys(BY_NAME);

/**
 * A fresh optimizer for a Keras name (case-insensitive), with Keras defaults.
 * Throws listing the known names.
 */
export function getOptimizer(name: string): tf.Optimizer {
  const make = BY_NAME[name.toLowerCase()];
  if (!make) {
    throw new Error(
      `Unknown optimizer "${name}". Known optimizers: ${
        OPTIMIZER_NAMES.map((n) => `"${n}"`).join(", ")
      }, or pass one such as optimizers.SGD({ learningRate: 0.1 }).`,
    );
  }
  return make();
}

/** The learning rate of a tfjs optimizer, when its config exposes one. */
export function learningRateOf(optimizer: tf.Optimizer): number | undefined {
  try {
    const lr =
      (optimizer.getConfig() as { learningRate?: unknown }).learningRate;
    return typeof lr === "number" ? lr : undefined;
  } catch {
    return undefined;
  }
}
