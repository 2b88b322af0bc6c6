/**
 * ReLU's gradient: one SIMD kernel on wasm (tfjs's own is `Step`, `Cast` and
 * `Multiply`), tfjs's own on every other backend, and exactly the same values
 * on both, NaN inputs and infinite gradients included.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { setUpBackends } from "./setup.ts";

await setUpBackends();

// Not a multiple of 4 (the kernel's tail), zeros, NaN, infinities.
const X = [
  ...Array.from({ length: 1001 }, (_, i) => (i - 500) / 100),
  0,
  -0,
  NaN,
  Infinity,
  -Infinity,
  2,
];
const DY = [
  ...Array.from({ length: 1001 }, (_, i) => 0.5 + i / 1000),
  1,
  1,
  1,
  1,
  1,
  Infinity,
];
// An infinite gradient where ReLU is flat: tfjs gives Inf·0 = NaN.
X[3] = -1;
DY[3] = Infinity;

async function reluGradient(backend: string) {
  await tf.setBackend(backend);
  const x = tf.tensor1d(X);
  const dy = tf.tensor1d(DY);
  const f = tf.grad((v: tf.Tensor) => tf.relu(v));
  const profile = await tf.profile(() => f(x, dy));
  const dx = f(x, dy);
  const values = Array.from(await dx.data());
  tf.dispose([x, dy, dx]);
  return { kernels: profile.kernelNames, values };
}

Deno.test({
  name:
    "ReLU's gradient is one kernel on wasm, tfjs's own elsewhere, with the same values",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const wasm = await reluGradient("wasm");
    const cpu = await reluGradient("cpu");
    assert.ok(wasm.kernels.includes("CnnReluGrad"), `${wasm.kernels}`);
    assert.ok(!wasm.kernels.includes("Step"), `${wasm.kernels}`);
    assert.ok(cpu.kernels.includes("Step"), `${cpu.kernels}`);
    assert.deepEqual(wasm.values, cpu.values);
    assert.ok(Number.isNaN(wasm.values[3]), "Inf·0 is NaN");
    assert.ok(Number.isNaN(wasm.values[1003]), "NaN input");
  },
});
