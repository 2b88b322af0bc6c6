/**
 * `FusedConv2D` with few input channels runs our direct SIMD kernel on wasm
 * (`wasm_kernels/conv_few_channels.ts`) and matches `cpu` within 1e-5:
 * one and three input channels, output channels that are and are not a
 * multiple of 4, strides 1 and 2, "same" and "valid", widths with and
 * without a leftover of the kernel's 8 columns, with and without bias and
 * ReLU. conv_few_channels_dispatch_test.ts checks which calls it takes.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { data, maxRelDiff, runOn } from "./compare_backends.ts";
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
  name: "few-channel FusedConv2D on wasm matches cpu in every geometry",
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
