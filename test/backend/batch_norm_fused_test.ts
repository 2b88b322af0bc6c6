/**
 * BatchNormalization's fused training path on wasm (`CnnBatchNormTrain` and
 * its gradient) against a float64 reference of Keras's formulas: the output
 * normalised with the batch's biased variance, `moving = moving·momentum +
 * batch·(1 − momentum)`, gradients of gamma, beta and the input (through the
 * batch statistics), with non-default momentum and epsilon; and inference
 * still uses the moving statistics.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { BatchNormalization } from "../../lib/keras/layers/normalization.ts";
import { BATCH_NORM_TRAIN } from "../../lib/core/kernel_names.ts";
import { data } from "./compare_backends.ts";
import { setUpBackends } from "./setup.ts";

await setUpBackends();

const SHAPE = [3, 4, 5, 6];
const C = 6;
const MOMENTUM = 0.9;
const EPS = 0.01;

/** Keras's training-mode batch norm in float64, per channel (channels last). */
function reference(
  x: Float32Array,
  gamma: number[],
  beta: number[],
  w: number[],
  C = 6,
) {
  const rows = x.length / C;
  const mean = new Array(C).fill(0);
  const variance = new Array(C).fill(0);
  for (let p = 0; p < x.length; p++) mean[p % C] += x[p] / rows;
  for (let p = 0; p < x.length; p++) {
    variance[p % C] += (x[p] - mean[p % C]) ** 2 / rows;
  }
  const inv = variance.map((v) => 1 / Math.sqrt(v + EPS));
  const xhat = Array.from(x, (v, p) => (v - mean[p % C]) * inv[p % C]);
  const y = xhat.map((v, p) => gamma[p % C] * v + beta[p % C]);
  // loss = Σ w·y, so dy = w.
  const dbeta = new Array(C).fill(0);
  const dgamma = new Array(C).fill(0);
  for (let p = 0; p < x.length; p++) {
    dbeta[p % C] += w[p];
    dgamma[p % C] += w[p] * xhat[p];
  }
  const dx = xhat.map((v, p) => {
    const k = p % C;
    return gamma[k] * inv[k] * (w[p] - dbeta[k] / rows - v * dgamma[k] / rows);
  });
  return { y, mean, variance, dx, dgamma, dbeta };
}

/** Within 1e-5 relative to the largest value (float32 sums of ~60 terms). */
function close(got: ArrayLike<number>, want: number[], what: string) {
  const worst = Math.max(...want.map((v, i) => Math.abs(got[i] - v)));
  const scale = Math.max(1, ...want.map(Math.abs));
  assert.ok(worst <= 1e-5 * scale, `${what}: off by ${worst} (scale ${scale})`);
}

Deno.test({
  name:
    "fused BatchNorm on wasm: Keras's output, moving averages and gradients",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await tf.setBackend("wasm");
    assert.ok(
      tf.getKernel(BATCH_NORM_TRAIN, "wasm"),
      "fused kernel registered",
    );
    const bn = BatchNormalization({ momentum: MOMENTUM, epsilon: EPS });
    bn.build([null, ...SHAPE.slice(1)]);
    const gamma = Array.from({ length: C }, (_, k) => 0.5 + 0.25 * k);
    const beta = Array.from({ length: C }, (_, k) => 0.1 * k - 0.2);
    const [g, b, mm, mv] = bn.weights;
    g.assign(tf.tensor1d(gamma));
    b.assign(tf.tensor1d(beta));
    mm.assign(tf.fill([C], 0.3));
    mv.assign(tf.fill([C], 2));
    // A large offset checks the variance is not computed as E[x²] − E[x]².
    const xv = data(SHAPE, 5).map((v) => 3 * v + 100);
    const wv = data(SHAPE, 7);
    const x = tf.tensor(xv, SHAPE);
    const w = tf.tensor(wv, SHAPE);
    const ref = reference(xv, gamma, beta, Array.from(wv));

    const trainable = [g, b] as tf.Variable[];
    let y: tf.Tensor | undefined;
    const { grads } = tf.variableGrads(() => {
      const out = bn.apply(x, { training: true });
      y = tf.keep(out);
      return tf.sum(tf.mul(out, w));
    }, trainable);
    const dx = tf.grad((xi: tf.Tensor) =>
      tf.sum(tf.mul(bn.apply(xi, { training: true }), w))
    )(x);
    close(await y!.data(), ref.y, "output");
    close(await grads[g.name].data(), ref.dgamma, "dgamma");
    close(await grads[b.name].data(), ref.dbeta, "dbeta");
    close(await dx.data(), ref.dx, "dx");
    // Two training calls: moving = moving·m + batch·(1 − m), twice.
    const twice = (start: number, batch: number[]) =>
      batch.map((v) =>
        (start * MOMENTUM + v * (1 - MOMENTUM)) * MOMENTUM + v * (1 - MOMENTUM)
      );
    close(await mm.data(), twice(0.3, ref.mean), "moving_mean");
    close(await mv.data(), twice(2, ref.variance), "moving_variance");
    // Inference normalises with the moving statistics, not the batch's.
    const yi = bn.apply(x, { training: false });
    const mmv = await mm.data();
    const mvv = await mv.data();
    close(
      await yi.data(),
      Array.from(xv, (v, p) => {
        const k = p % C;
        return gamma[k] * (v - mmv[k]) / Math.sqrt(mvv[k] + EPS) + beta[k];
      }),
      "inference output",
    );
    tf.dispose([x, w, y!, dx, yi, ...Object.values(grads), ...bn.weights]);
    await tf.setBackend("cpu");
  },
});

Deno.test({
  name:
    "fused BatchNorm on wasm: a mean 3,000 times the spread still normalises to float32 accuracy",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await tf.setBackend("wasm");
    const bn = BatchNormalization({ momentum: MOMENTUM, epsilon: EPS });
    bn.build([null, ...SHAPE.slice(1)]);
    const gamma = new Array(C).fill(1);
    const beta = new Array(C).fill(0);
    // float32 coefficients (scale, shift = −mean·scale) lose ~3,000 × 6e-8.
    const xv = data(SHAPE, 11).map((v) => v + 3000);
    const wv = data(SHAPE, 13);
    const x = tf.tensor(xv, SHAPE);
    const w = tf.tensor(wv, SHAPE);
    const ref = reference(xv, gamma, beta, Array.from(wv));
    const y = bn.apply(x, { training: true }) as tf.Tensor;
    const dx = tf.grad((xi: tf.Tensor) =>
      tf.sum(tf.mul(bn.apply(xi, { training: true }), w))
    )(x);
    close(await y.data(), ref.y, "output");
    close(await dx.data(), ref.dx, "dx");
    tf.dispose([x, w, y, dx, ...bn.weights]);
    await tf.setBackend("cpu");
  },
});

Deno.test({
  name:
    "BatchNorm in training on wasm: other channels than it was built for fail with tfjs's axis error, not NaNs or one channel's statistics",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await tf.setBackend("wasm");
    const bn = BatchNormalization({});
    bn.build([null, 4, 5, C]);
    for (const channels of [8, 1]) {
      const x = tf.ones([2, 4, 5, channels]);
      assert.throws(
        () => bn.apply(x, { training: true }),
        (e: Error) => /axis/i.test(e.message) && e.message.includes(`${C}`),
        `${channels} channels`,
      );
      x.dispose();
    }
    tf.dispose(bn.weights);
    await tf.setBackend("cpu");
  },
});

Deno.test({
  name:
    "fused BatchNorm on wasm: rows that fill no SIMD row, and many 64-row blocks",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await tf.setBackend("wasm");
    // The SIMD kernels take rows side by side until a row is a multiple of
    // 4 floats; the rows left over (here 1–3) are summed and written in JS.
    for (
      const shape of [[5, 3, 3, 3], [1, 7, 7, 6], [301, 5], [300, 5], [9, 2]]
    ) {
      const c = shape[shape.length - 1];
      const bn = BatchNormalization({ momentum: MOMENTUM, epsilon: EPS });
      bn.build([null, ...shape.slice(1)]);
      const gamma = Array.from({ length: c }, (_, k) => 1 + 0.5 * k);
      const beta = Array.from({ length: c }, (_, k) => 0.3 * k);
      bn.weights[0].assign(tf.tensor1d(gamma));
      bn.weights[1].assign(tf.tensor1d(beta));
      const xv = data(shape, 17).map((v) => 2 * v - 40);
      const wv = data(shape, 19);
      const x = tf.tensor(xv, shape);
      const w = tf.tensor(wv, shape);
      const ref = reference(xv, gamma, beta, Array.from(wv), c);
      const y = bn.apply(x, { training: true }) as tf.Tensor;
      const dx = tf.grad((xi: tf.Tensor) =>
        tf.sum(tf.mul(bn.apply(xi, { training: true }), w))
      )(x);
      close(await y.data(), ref.y, `output of ${shape}`);
      close(await dx.data(), ref.dx, `dx of ${shape}`);
      tf.dispose([x, w, y, dx, ...bn.weights]);
    }
    await tf.setBackend("cpu");
  },
});
