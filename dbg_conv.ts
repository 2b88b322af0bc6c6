import * as tf from "@tensorflow/tfjs";
import { setUpBackends } from "./test/backend/setup.ts";
await setUpBackends();
await tf.setBackend("wasm");
const x = tf.randomNormal([256, 28, 28, 1]) as tf.Tensor4D;
const w = tf.randomNormal([5, 5, 1, 6]) as tf.Tensor4D;
const b = tf.randomNormal([6]);
async function time(name: string, f: () => tf.Tensor) {
  for (let i = 0; i < 5; i++) tf.dispose(f());
  const ts: number[] = [];
  for (let r = 0; r < 30; r++) { const t0 = performance.now(); const y = f(); await y.data(); ts.push(performance.now() - t0); y.dispose(); }
  ts.sort((a, b) => a - b);
  console.log(name, "min", ts[0].toFixed(2), "median", ts[15].toFixed(2), "ms");
}
for (let k = 0; k < 2; k++) {
await time("ours fused", () => tf.fused.conv2d({ x, filter: w, bias: b, strides: 1, pad: "same" }));
await time("xnnpack conv2d", () => tf.conv2d(x, w, 1, "same"));
}
