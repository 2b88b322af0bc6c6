/**
 * The course's benchmark models (LeNet-5, mini-Inception, MiniResNet(32) and a
 * separable/BatchNorm model) built with plain tfjs-layers, plus a
 * framework-free SGD training step. The benchmark and the backend parity tests
 * use them so that they measure the backends, not the Keras-style wrapper.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** What a training step needs from a model. */
export interface StepModel {
  /** Display name, e.g. `"LeNet-5"`. */
  readonly name: string;
  /** Forward pass (inside a gradient tape). */
  forward(x: tf.Tensor, training: boolean): tf.Tensor;
  /** Trainable weights in a stable order. */
  readonly trainableVariables: tf.Variable[];
  /** Every weight (trainable and not), for copying weights between backends. */
  readonly allVariables: tf.Variable[];
}

/** Names of the benchmark models. */
export const MODEL_NAMES = [
  "lenet5",
  "miniInception",
  "miniResNet",
  "separableBN",
] as const;
/** One of {@link MODEL_NAMES}. */
export type ModelName = typeof MODEL_NAMES[number];

const L = tf.layers;

function wrap(name: string, model: tf.LayersModel): StepModel {
  return {
    name,
    forward: (x, training) => model.apply(x, { training }) as tf.Tensor,
    get trainableVariables() {
      return model.trainableWeights.map((w) => w.read() as tf.Variable);
    },
    get allVariables() {
      return model.weights.map((w) => w.read() as tf.Variable);
    },
  };
}

/** LeNet-5 as in the tutorial (tanh, max pool then average pool). */
export function lenet5(): StepModel {
  const m = tf.sequential({ name: "LeNet-5" });
  m.add(
    L.conv2d({
      inputShape: [28, 28, 1],
      filters: 6,
      kernelSize: 5,
      activation: "tanh",
      padding: "same",
    }),
  );
  m.add(L.maxPooling2d({ poolSize: 2 }));
  m.add(L.conv2d({ filters: 16, kernelSize: 5, activation: "tanh" }));
  m.add(L.averagePooling2d({ poolSize: 2 }));
  m.add(L.conv2d({ filters: 120, kernelSize: 5, activation: "tanh" }));
  m.add(L.flatten());
  m.add(L.dense({ units: 84, activation: "tanh" }));
  m.add(L.dense({ units: 10, activation: "softmax" }));
  return wrap("LeNet-5", m);
}

/** The tutorial's mini-Inception: one inception layer of 32 filters, then a dense softmax. */
export function miniInception(): StepModel {
  const input = tf.input({ shape: [28, 28, 1] });
  const x = L.conv2d({ filters: 16, kernelSize: 5, padding: "same" }).apply(
    input,
  ) as tf.SymbolicTensor;
  const b1 = L.conv2d({
    filters: 32,
    kernelSize: 1,
    activation: "relu",
    padding: "same",
  }).apply(x);
  const b5 = L.conv2d({
    filters: 32,
    kernelSize: 5,
    activation: "relu",
    padding: "same",
  }).apply(x);
  const b3 = L.conv2d({
    filters: 32,
    kernelSize: 3,
    activation: "relu",
    padding: "same",
  }).apply(x);
  const bp = L.maxPooling2d({ poolSize: 3, strides: 1, padding: "same" }).apply(
    x,
  );
  const cat = L.concatenate({ axis: -1 }).apply(
    [b1, b5, b3, bp] as tf.SymbolicTensor[],
  );
  const flat = L.flatten().apply(cat);
  const out = L.dense({ units: 10, activation: "softmax" }).apply(
    flat,
  ) as tf.SymbolicTensor;
  return wrap("mini-Inception", tf.model({ inputs: input, outputs: out }));
}

/** The tutorial's MiniResNet(n): conv 5×5, one residual block, dense softmax. */
export function miniResNet(nFilters = 32): StepModel {
  const input = tf.input({ shape: [28, 28, 1] });
  const x = L.conv2d({ filters: nFilters, kernelSize: 5, padding: "same" })
    .apply(input) as tf.SymbolicTensor;
  const c1 = L.conv2d({
    filters: nFilters,
    kernelSize: 3,
    activation: "relu",
    padding: "same",
  }).apply(x);
  const c2 = L.conv2d({ filters: nFilters, kernelSize: 3, padding: "same" })
    .apply(c1);
  const sum = L.add().apply([c2, x] as tf.SymbolicTensor[]);
  const y = L.activation({ activation: "relu" }).apply(sum);
  const out = L.dense({ units: 10, activation: "softmax" }).apply(
    L.flatten().apply(y),
  ) as tf.SymbolicTensor;
  return wrap(
    `MiniResNet(${nFilters})`,
    tf.model({ inputs: input, outputs: out }),
  );
}

/**
 * Exercises the remaining layers: depthwise (multiplier 2, stride 2), BatchNorm,
 * separable conv, pooling with ties and a global average pool.
 */
export function separableBN(): StepModel {
  const m = tf.sequential({ name: "Separable-BN" });
  m.add(
    L.conv2d({
      inputShape: [28, 28, 1],
      filters: 4,
      kernelSize: 3,
      useBias: false,
    }),
  );
  m.add(L.batchNormalization({ axis: 3 }));
  m.add(L.activation({ activation: "relu" }));
  m.add(
    L.depthwiseConv2d({
      kernelSize: 3,
      depthMultiplier: 2,
      strides: 2,
      padding: "same",
      useBias: false,
    }),
  );
  m.add(L.conv2d({ filters: 8, kernelSize: 1, useBias: false }));
  m.add(L.batchNormalization({ axis: 3 }));
  m.add(L.activation({ activation: "relu" }));
  m.add(L.maxPooling2d({ poolSize: 2 }));
  m.add(
    L.separableConv2d({
      filters: 16,
      kernelSize: 3,
      padding: "same",
      activation: "relu",
    }),
  );
  m.add(L.averagePooling2d({ poolSize: 2, strides: 1 }));
  m.add(L.globalAveragePooling2d({}));
  m.add(L.dense({ units: 10, activation: "softmax" }));
  return wrap("Separable-BN", m);
}

/** Builds a benchmark model by name. */
export function buildModel(name: ModelName): StepModel {
  switch (name) {
    case "lenet5":
      return lenet5();
    case "miniInception":
      return miniInception();
    case "miniResNet":
      return miniResNet(32);
    case "separableBN":
      return separableBN();
  }
}

/** Keras's sparse categorical cross-entropy on softmax outputs (probabilities clipped to 1e-7). */
export function sparseCategoricalCrossentropy(
  labels: tf.Tensor,
  probs: tf.Tensor,
): tf.Scalar {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(
      tf.cast(labels, "int32"),
      probs.shape[probs.rank - 1]!,
    );
    const logp = tf.log(tf.clipByValue(probs, 1e-7, 1 - 1e-7));
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logp), -1)));
  });
}

/**
 * One SGD step: forward, loss, gradients, update. Returns the loss (a scalar the
 * caller disposes).
 */
export function sgdStep(
  model: StepModel,
  optimizer: tf.Optimizer,
  x: tf.Tensor,
  y: tf.Tensor,
): tf.Scalar {
  return optimizer.minimize(
    () => sparseCategoricalCrossentropy(y, model.forward(x, true)),
    true,
    model.trainableVariables,
  )!;
}
