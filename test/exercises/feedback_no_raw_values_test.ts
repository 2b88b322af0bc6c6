import assert from "node:assert/strict";
import {
  type CheckResult,
  checks,
  Conv2D,
  describeValue,
  formatText,
  History,
  MaxPooling2D,
  Sequential,
} from "../../lib/internals.ts";

// A raw JS value means nothing to a student reading Spanish feedback. Code
// examples such as `[null, 26, 26, 8]` (the batch dimension) are allowed.
const RAW = /\b(undefined|NaN)\b|(?<![[`,] ?)\bnull\b/;

function assertNoRawValues(result: CheckResult): void {
  const text = formatText(result);
  assert.doesNotMatch(text, RAW, text);
}

Deno.test("describeValue never shows undefined, null or NaN", () => {
  assert.equal(describeValue(undefined), "sin valor");
  assert.equal(describeValue(null), "sin valor");
  assert.equal(describeValue(NaN), "un valor que no es un número");
  assert.equal(describeValue(Infinity), "un número infinito");
  assert.equal(describeValue(3), "3");
  assert.equal(describeValue("12"), '"12"');
  assert.equal(describeValue([3, undefined]), "[3, sin valor]");
  assert.equal(describeValue({}), "un objeto");
});

Deno.test("parameter counts: unanswered, NaN and null answers get Spanish words", () => {
  for (
    const answers of [
      { conv: undefined, depthwise: undefined, pointwise: undefined },
      { conv: NaN, depthwise: null, pointwise: "80" },
    ]
  ) {
    const r = checks.paramCounts(answers as never);
    assert.equal(r.passed, false);
    assertNoRawValues(r);
  }
});

Deno.test("output shapes: an untouched template and empty slots get Spanish words", async () => {
  const m = new Sequential({ name: "pila" });
  m.add(Conv2D(8, { kernelSize: [3, 3] }));
  m.add(MaxPooling2D({ poolSize: 2 }));
  for (const answers of [undefined, [undefined, undefined]]) {
    const r = await checks.outputShapes(m, answers as never);
    assert.equal(r.passed, false);
    assertNoRawValues(r);
  }
});

Deno.test("ReLU vs tanh: no answer yet, and a diverged history, get Spanish words", async () => {
  const model = new Sequential({ name: "lenet_relu" });
  model.add(Conv2D(6, { kernelSize: 5, activation: "relu" }));
  const trained = (loss: number[], acc: number[]) => {
    const h = new History({ epochs: loss.length, steps: 1, verbose: 0 });
    loss.forEach((l, i) => h.onEpochEnd(i, { loss: l, val_accuracy: acc[i] }));
    return h;
  };
  for (
    const histories of [
      [trained([1, 0.5], [0.8, 0.9]), trained([1, 0.4], [0.85, 0.95])],
      [trained([1, NaN], [0.8, 0.9]), trained([1, 0.4], [0.85, 0.95])],
    ]
  ) {
    const r = await checks.reluLenet({
      model,
      historyTanh: histories[0],
      historyRelu: histories[1],
      better: undefined,
    });
    assert.equal(r.passed, false);
    assertNoRawValues(r);
  }
});
