import assert from "node:assert/strict";
import { clearSession, toSnakeCase } from "../../lib/keras/mod.ts";
import { uniqueName } from "../../lib/keras/naming.ts";

Deno.test("class names become Keras snake_case prefixes", () => {
  assert.equal(toSnakeCase("MiniResNet"), "mini_res_net");
  assert.equal(toSnakeCase("MaxPooling2D"), "max_pooling2d");
  assert.equal(toSnakeCase("Conv2D"), "conv2d");
  assert.equal(toSnakeCase("DepthwiseConv2D"), "depthwise_conv2d");
  assert.equal(toSnakeCase("InputLayer"), "input_layer");
  assert.equal(
    toSnakeCase("GlobalAveragePooling2D"),
    "global_average_pooling2d",
  );
});

Deno.test("counters are per prefix and clearSession() resets them", () => {
  clearSession();
  assert.deepEqual([
    uniqueName("dense"),
    uniqueName("dense"),
    uniqueName("conv2d"),
    uniqueName("dense"),
  ], [
    "dense",
    "dense_1",
    "conv2d",
    "dense_2",
  ]);
  clearSession();
  assert.equal(uniqueName("dense"), "dense");
});
