/**
 * Every kernel the course's layers need for training works on `wasm` and
 * matches `cpu` within 1e-4: forward values and gradients of conv, depthwise,
 * pooling (all-negative windows, ties), batch norm, concat, dense and the
 * element-wise ops.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { data, gradsOf, maxRelDiff, runOn } from "./compare_backends.ts";
import { setUpBackends } from "./setup.ts";

await setUpBackends();
tf.env().set("PROD", true); // tfjs's debug checks off

type Fn = (...xs: tf.Tensor[]) => tf.Tensor;
type Kind = "normal" | "ties" | "negative";

async function check(
  name: string,
  shapes: number[][],
  f: Fn,
  kind: Kind = "normal",
) {
  const inputs = shapes.map((shape, i) => ({
    shape,
    values: data(shape, 7 + i, i === 0 ? kind : "normal"),
  }));
  const want = await runOn("cpu", inputs, gradsOf(f));
  const got = await runOn("wasm", inputs, gradsOf(f));
  const diff = maxRelDiff(got, want);
  assert.ok(diff <= 1e-4, `${name}: wasm differs from cpu by ${diff}`);
  // The gradients must not be trivially zero (a dropped gradient would be).
  assert.ok(
    want.slice(1).every((g) => g.some((v) => v !== 0)),
    `${name}: zero gradient on cpu`,
  );
}

const conv = (s: number, pad: "same" | "valid"): Fn => (x, w) =>
  tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad);

Deno.test("conv2d gradients match cpu: strides 1/2, same/valid, 1×1 to 5×5, dense-like", async () => {
  for (const s of [1, 2]) {
    for (const pad of ["same", "valid"] as const) {
      await check(
        `conv 3x3 s${s} ${pad}`,
        [[2, 9, 8, 3], [3, 3, 3, 4]],
        conv(s, pad),
      );
      await check(
        `conv 5x5 s${s} ${pad}`,
        [[3, 11, 11, 2], [5, 5, 2, 5]],
        conv(s, pad),
      );
    }
  }
  await check("conv 1x1", [[2, 6, 6, 4], [1, 1, 4, 3]], conv(1, "same"));
  await check(
    "conv 2x2 s2 valid odd size",
    [[2, 7, 7, 3], [2, 2, 3, 2]],
    conv(2, "valid"),
  );
  await check(
    "dense-like conv (LeNet C5)",
    [[4, 5, 5, 3], [5, 5, 3, 6]],
    conv(1, "valid"),
  );
  await check("batch > chunk", [[70, 6, 6, 2], [3, 3, 2, 3]], conv(1, "same"));
  // ≥ 4 output channels: our SIMD filter gradient, in all three tile widths
  // (4, 8, 16 channels), channel counts that overlap the last group, taps
  // that do not fill the last tile, and several image blocks.
  for (
    const [co, s, pad] of [[4, 1, "same"], [6, 2, "same"], [11, 1, "valid"], [
      21,
      2,
      "valid",
    ], [32, 1, "same"]] as const
  ) {
    await check(
      `conv 3x3→${co} s${s} ${pad} (SIMD)`,
      [[3, 9, 10, 5], [3, 3, 5, co]],
      conv(s, pad),
    );
  }
  await check(
    "conv 5x5x16→16 over several image blocks (SIMD)",
    [[20, 16, 16, 16], [5, 5, 16, 16]],
    conv(1, "same"),
  );
  // Over 150 taps the filter gradient runs as a convolution, not a GEMM.
  await check(
    "conv 5x5x8 (convolution form)",
    [[2, 8, 8, 8], [5, 5, 8, 3]],
    conv(1, "same"),
  );
  await check(
    "conv 5x5x8 s2 (convolution form)",
    [[2, 9, 9, 8], [5, 5, 8, 3]],
    conv(2, "valid"),
  );
});

Deno.test("depthwise gradients match cpu: multiplier 1/2, strides 1/2, same/valid", async () => {
  for (const m of [1, 2]) {
    for (const s of [1, 2]) {
      for (const pad of ["same", "valid"] as const) {
        await check(
          `depthwise m${m} s${s} ${pad}`,
          [[2, 9, 9, 3], [3, 3, 3, m]],
          (x, w) =>
            tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad),
        );
      }
    }
  }
  await check(
    "separable conv",
    [[2, 8, 8, 3], [3, 3, 3, 2], [1, 1, 6, 4]],
    (x, d, p) =>
      tf.separableConv2d(
        x as tf.Tensor4D,
        d as tf.Tensor4D,
        p as tf.Tensor4D,
        1,
        "same",
      ),
  );
});

Deno.test("max pool gradient matches cpu, including all-negative windows and ties", async () => {
  for (const kind of ["normal", "negative", "ties"] as const) {
    for (
      const [size, s, pad] of [
        [2, 2, "valid"],
        [3, 1, "same"],
        [3, 2, "same"],
        [2, 1, "valid"],
      ] as const
    ) {
      await check(
        `maxPool ${size} s${s} ${pad} ${kind}`,
        [[2, 7, 7, 3]],
        (x) => tf.maxPool(x as tf.Tensor4D, size, s, pad),
        kind,
      );
    }
    // 2×2 stride-2 windows with ≥ 4 channels take the SIMD path: channel
    // counts that are and are not multiples of 4, rows left uncovered or not.
    for (const shape of [[2, 7, 7, 6], [2, 8, 6, 4], [1, 4, 5, 9]]) {
      await check(
        `maxPool 2 s2 valid ${kind} ${shape.join("×")}`,
        [shape],
        (x) => tf.maxPool(x as tf.Tensor4D, 2, 2, "valid"),
        kind,
      );
    }
  }
});

Deno.test("average pool, global average pool and batch norm gradients match cpu", async () => {
  for (
    const [size, s, pad] of [[2, 2, "valid"], [3, 1, "same"], [
      2,
      1,
      "valid",
    ]] as const
  ) {
    await check(
      `avgPool ${size} s${s} ${pad}`,
      [[2, 7, 7, 3]],
      (x) => tf.avgPool(x as tf.Tensor4D, size, s, pad),
    );
  }
  await check("global average pool", [[2, 5, 5, 3]], (x) => tf.mean(x, [1, 2]));
  await check(
    "batch norm (training statistics)",
    [[4, 5, 5, 3], [3], [3]],
    (x, g, b) => {
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      return tf.batchNorm(x, mean, variance, b, g, 1e-3);
    },
  );
});

Deno.test("concat, add, dense, activations and softmax cross-entropy match cpu", async () => {
  await check(
    "concat channels",
    [[2, 4, 4, 3], [2, 4, 4, 5], [2, 4, 4, 2]],
    (a, b, c) => tf.concat([a, b, c], -1),
  );
  await check("concat batch", [[2, 3], [4, 3]], (a, b) => tf.concat([a, b], 0));
  await check(
    "add + relu",
    [[2, 4, 4, 3], [2, 4, 4, 3]],
    (a, b) => tf.relu(tf.add(a, b)),
  );
  await check("tanh", [[3, 50]], (a) => tf.tanh(tf.mul(a, 3)));
  // Sums over leading axes (bias gradients) take the SIMD row sum: row
  // widths that need 1, 2 or 4 rows side by side, leftover rows, one row.
  for (
    const shape of [[7, 3, 5], [5, 6], [9, 8], [3, 2, 2, 1], [1, 10], [300, 6]]
  ) {
    await check(
      `sum over leading axes ${shape.join("×")}`,
      [shape],
      (a) => tf.mul(tf.sum(a, shape.slice(0, -1).map((_, i) => i)), 2),
    );
  }
  await check("sigmoid", [[3, 10]], (a) => tf.sigmoid(a));
  await check(
    "dense with bias",
    [[5, 40], [40, 7], [7]],
    (x, w, b) => tf.add(tf.matMul(x, w), b),
  );
  await check(
    "matMul transposes",
    [[6, 5], [7, 6]],
    (a, b) => tf.matMul(a, b, true, true),
  );
  await check(
    "bias sum over leading axes",
    [[3, 4, 5, 6]],
    (a) => tf.sum(a, [0, 1, 2]),
  );
  await check(
    "flatten + softmax cross-entropy",
    [[4, 2, 2, 3], [12, 10]],
    (x, w) => {
      const p = tf.softmax(tf.matMul(tf.reshape(x, [4, 12]), w));
      const labels = tf.oneHot(tf.tensor1d([1, 3, 0, 9], "int32"), 10);
      return tf.neg(
        tf.mean(
          tf.sum(tf.mul(labels, tf.log(tf.clipByValue(p, 1e-7, 1 - 1e-7))), -1),
        ),
      );
    },
  );
  await check(
    "transpose 4-D",
    [[3, 4, 5, 6]],
    (a) => tf.transpose(a, [3, 1, 2, 0]),
  );
});
