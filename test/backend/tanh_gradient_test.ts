/**
 * Tanh's gradient: one SIMD kernel on wasm (tfjs's own is three kernels and
 * three tensors the size of the layer), tfjs's own on every other backend,
 * and the same values on both (the values are also in wasm_gradients_test).
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { setUpBackends } from "./setup.ts";

await setUpBackends();

async function tanhGradient(backend: string) {
  await tf.setBackend(backend);
  const x = tf.linspace(-4, 4, 1003); // not a multiple of 4: the tail too
  const dy = tf.linspace(0.5, 2, 1003);
  const profile = await tf.profile(() =>
    tf.grad((v: tf.Tensor) => tf.tanh(v))(x, dy)
  );
  const dx = tf.grad((v: tf.Tensor) => tf.tanh(v))(x, dy);
  const values = await dx.data();
  tf.dispose([x, dy, dx]);
  return { kernels: profile.kernelNames, values };
}

Deno.test({
  name: "tanh's gradient is one kernel on wasm and tfjs's own elsewhere",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const wasm = await tanhGradient("wasm");
    const cpu = await tanhGradient("cpu");
    assert.ok(wasm.kernels.includes("CnnTanhGrad"), `${wasm.kernels}`);
    assert.ok(!wasm.kernels.includes("Square"), `${wasm.kernels}`);
    assert.ok(cpu.kernels.includes("Square"), `${cpu.kernels}`);
    assert.ok(!cpu.kernels.includes("CnnTanhGrad"), `${cpu.kernels}`);
    // Our tanh is a few ulp from Math.tanh, so the gradients agree closely.
    const worst = Math.max(
      ...Array.from(wasm.values, (v, i) => Math.abs(v - cpu.values[i])),
    );
    assert.ok(worst <= 1e-6, `wasm differs from cpu by ${worst}`);
  },
});
