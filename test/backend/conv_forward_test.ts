/**
 * `FusedConv2D`, `Conv2D` and the stride-1 `Conv2DBackpropInput` run our
 * direct SIMD kernels on wasm (`wasm_kernels/conv_forward.ts`: the
 * few-channel kernel up to 4 input channels, the 8-channel one beyond) and
 * match `cpu` within 1e-5: one to sixteen input channels, output channels
 * that are and are not a multiple of the kernel's group (4 or 8, fewer than
 * one group too), strides 1 and 2, "same" and "valid", widths with and
 * without a leftover of the kernels' column blocks, with and without bias
 * and ReLU. conv_forward_dispatch_test.ts checks which calls they take.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { data, gradsOf, maxRelDiff, runOn } from "./compare_backends.ts";
import { setUpBackends } from "./setup.ts";

await setUpBackends();

type Case = {
  x: number[];
  w: number[];
  stride: number;
  pad: "same" | "valid";
  bias: boolean;
  activation: "linear" | "relu";
};

const CASES: Case[] = [
  // LeNet-5's C1 as the course trains it.
  {
    x: [4, 28, 28, 1],
    w: [5, 5, 1, 6],
    stride: 1,
    pad: "same",
    bias: true,
    activation: "linear",
  },
  {
    x: [3, 11, 13, 1],
    w: [3, 3, 1, 8],
    stride: 1,
    pad: "valid",
    bias: false,
    activation: "relu",
  },
  {
    x: [2, 9, 17, 3],
    w: [3, 3, 3, 5],
    stride: 2,
    pad: "same",
    bias: true,
    activation: "relu",
  },
  {
    x: [2, 7, 7, 2],
    w: [2, 4, 2, 4],
    stride: 2,
    pad: "valid",
    bias: true,
    activation: "linear",
  },
  {
    x: [1, 6, 9, 4],
    w: [1, 1, 4, 3],
    stride: 1,
    pad: "same",
    bias: false,
    activation: "linear",
  },
  // Deeper inputs: the 8-channel kernel. mini-Inception's 5×5 branch, with
  // 11 columns (two blocks of 4 and 3 single ones).
  {
    x: [2, 9, 11, 16],
    w: [5, 5, 16, 32],
    stride: 1,
    pad: "same",
    bias: true,
    activation: "relu",
  },
  {
    x: [3, 7, 6, 6],
    w: [3, 3, 6, 5],
    stride: 2,
    pad: "valid",
    bias: false,
    activation: "linear",
  },
  {
    x: [2, 8, 8, 12],
    w: [1, 1, 12, 12],
    stride: 1,
    pad: "same",
    bias: true,
    activation: "linear",
  },
  {
    x: [1, 5, 13, 9],
    w: [3, 2, 9, 3],
    stride: 1,
    pad: "same",
    bias: true,
    activation: "relu",
  },
  {
    x: [2, 10, 10, 8],
    w: [3, 3, 8, 16],
    stride: 2,
    pad: "same",
    bias: true,
    activation: "relu",
  },
];

function fused(c: Case) {
  return (...t: tf.Tensor[]) =>
    tf.fused.conv2d({
      x: t[0] as tf.Tensor4D,
      filter: t[1] as tf.Tensor4D,
      strides: c.stride,
      pad: c.pad,
      bias: c.bias ? t[2] : undefined,
      activation: c.activation,
    });
}

Deno.test({
  name: "FusedConv2D on wasm matches cpu in every geometry",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    for (const [i, c] of CASES.entries()) {
      const inputs = [
        { shape: c.x, values: data(c.x, 30 + i) },
        { shape: c.w, values: data(c.w, 40 + i) },
        { shape: [c.w[3]], values: data([c.w[3]], 50 + i) },
      ];
      const want = await runOn("cpu", inputs, fused(c));
      const got = await runOn("wasm", inputs, fused(c));
      const diff = maxRelDiff(got, want);
      assert.ok(
        diff <= 1e-5,
        `case ${i} (${JSON.stringify(c)}): off by ${diff}`,
      );
    }
  },
});

Deno.test({
  name: "Conv2D and its gradients on wasm match cpu, deep inputs included",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    for (const [i, c] of CASES.entries()) {
      const inputs = [
        { shape: c.x, values: data(c.x, 60 + i) },
        { shape: c.w, values: data(c.w, 70 + i) },
      ];
      // The value, then the input gradient (stride 1: a convolution with the
      // flipped filter, on the same kernels) and the filter gradient.
      const f = gradsOf((x, w) =>
        tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad)
      );
      const want = await runOn("cpu", inputs, f);
      const got = await runOn("wasm", inputs, f);
      const value = maxRelDiff(got.slice(0, 1), want.slice(0, 1));
      // The gradients sum thousands of products (the filter's over every
      // image and position) in another order: the parity tests' 1e-4.
      const grads = maxRelDiff(got.slice(1), want.slice(1));
      assert.ok(
        value <= 1e-5 && grads <= 1e-4,
        `case ${i} (${JSON.stringify(c)}): off by ${value}, gradients ${grads}`,
      );
    }
  },
});
