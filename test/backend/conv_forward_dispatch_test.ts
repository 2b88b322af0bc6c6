/**
 * Which `FusedConv2D` calls our direct kernels take on wasm: a first layer's
 * (one input channel) and a deep one's (16 channels; a 3×3 one pads its
 * input for the Winograd kernel, also on both threads) do, their batch split
 * with the SIMD helper thread, whose finished jobs are counted; a dilated
 * convolution goes to XNNPACK and the helper does nothing. All give the
 * right values.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { helperJobsDone } from "../../lib/backend/simd/simd_helpers.ts";
import { wasmMemoryOf } from "../../lib/backend/simd/simd_module.ts";
import { setUpBackends } from "./setup.ts";

const { wasmThreads } = await setUpBackends();

/** Helper jobs run by one all-ones `size`×`size` "valid" convolution of `channels` inputs. */
async function jobsFor(
  channels: number,
  dilation = 1,
  size = 3,
): Promise<number> {
  const memory = wasmMemoryOf(tf.backend() as never);
  const before = helperJobsDone(memory).reduce((a, b) => a + b, 0);
  const x = tf.ones([2, 8, 8, channels]);
  const w = tf.ones([size, size, channels, 4]);
  const y = tf.fused.conv2d({
    x: x as tf.Tensor4D,
    filter: w as tf.Tensor4D,
    strides: 1,
    pad: "valid",
    dilations: dilation,
  });
  const values = await y.data();
  tf.dispose([x, w, y]);
  assert.ok(
    values.every((v) => v === size * size * channels),
    `${channels} channels`,
  );
  return helperJobsDone(memory).reduce((a, b) => a + b, 0) - before;
}

Deno.test({
  name:
    "first-layer and deep convolutions run our kernels, a dilated one XNNPACK's",
  ignore: wasmThreads < 2, // one thread: no helper to count
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await tf.setBackend("wasm");
    assert.equal(await jobsFor(1), 1, "one input channel: the helper's part");
    assert.equal(
      await jobsFor(16, 1, 5),
      1,
      "16 input channels, 5×5: the helper's part of the direct kernel",
    );
    assert.equal(
      await jobsFor(16),
      2,
      "16 input channels, 3×3: the helper's part of the padding and of Winograd",
    );
    assert.equal(await jobsFor(16, 2), 0, "dilated: XNNPACK");
    await tf.setBackend("cpu");
  },
});
