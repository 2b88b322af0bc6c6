import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { checkReluLenet } from "../../lib/course/exercises/relu_lenet.ts";
import { formatText } from "../../lib/course/exercises/feedback.ts";
import { Conv2D, Sequential } from "../../lib/keras/mod.ts";

// The wasm backend starts asynchronously, so a check that builds the
// student's model while it is still starting used to fail with tfjs's
// "Backend 'undefined' has not yet been initialized" (a CI run showed it).
// Here the CPU backend is made to start slowly, on purpose and every time.
Deno.test("a check run while the backend is still starting waits for it", async () => {
  await tf.ready();
  const previous = tf.getBackend();
  // No input shape: the check itself builds it, as for a student's model.
  const model = new Sequential({ name: "lenet_relu" });
  model.add(Conv2D(6, { kernelSize: 5, activation: "relu" }));
  const cpu = tf.findBackendFactory("cpu");
  assert.ok(cpu, "the cpu backend is registered");
  tf.removeBackend("cpu");
  tf.registerBackend("cpu", async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    return cpu();
  }, 1);
  try {
    const starting = tf.setBackend("cpu"); // not awaited: still starting
    const result = await checkReluLenet({
      model,
      historyTanh: undefined,
      historyRelu: undefined,
      better: undefined,
    });
    await starting;
    const text = formatText(result);
    assert.doesNotMatch(text, /not yet been initialized/, text);
    // It built: the parameter count of its one convolution is read.
    assert.match(text, /156 parámetros/, text);
  } finally {
    tf.removeBackend("cpu");
    tf.registerBackend("cpu", cpu, 1);
    await tf.setBackend(previous);
  }
});
