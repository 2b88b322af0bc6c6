import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { predict } from "../../lib/training/inference.ts";
import { QUICK_TEST, quickTestLength } from "../../lib/quick.ts";
import { plots } from "../../lib/plots/mod.ts";
import { ToyModel } from "./toy_model.ts";

// Quick mode scores `evaluate` on the first QUICK_TEST test samples; the
// predictions and every figure made from them must describe those same
// samples, not all 10 000.
async function withQuick<T>(value: string | undefined, run: () => Promise<T>) {
  const old = Deno.env.get("CNN_QUICK");
  if (value === undefined) Deno.env.delete("CNN_QUICK");
  else Deno.env.set("CNN_QUICK", value);
  try {
    return await run();
  } finally {
    if (old === undefined) Deno.env.delete("CNN_QUICK");
    else Deno.env.set("CNN_QUICK", old);
  }
}

function cellCounts(bundle: Record<string, unknown>): number {
  const fig = bundle["application/vnd.plotly.v1+json"] as {
    layout: { annotations: { text: string }[] };
  };
  return fig.layout.annotations.reduce((s, a) => s + Number(a.text), 0);
}

Deno.test("quick mode: predict, the confusion matrix and the misclassified grid use evaluate's test subset", async () => {
  const n = 1000;
  const x = tf.randomUniform([n, 4, 4, 1], 0, 1, "float32", 7);
  const y = tf.tensor1d(Array.from({ length: n }, (_, i) => i % 3), "int32");
  const model = new ToyModel({ classes: 3, seed: 1 });
  try {
    await withQuick("1", async () => {
      const probs = await predict(model, x, { verbose: 0 });
      assert.equal(probs.shape[0], QUICK_TEST);
      const cm = await plots.confusionMatrix(y, probs, { show: false });
      assert.equal(cellCounts(cm), QUICK_TEST);
      const mis = await plots.misclassified(x, y, probs, { show: false });
      assert.match(
        String(mis["text/plain"]),
        new RegExp(`of ${QUICK_TEST} images`),
      );
      probs.dispose();
    });
    await withQuick(undefined, async () => {
      const probs = await predict(model, x, { verbose: 0 });
      assert.equal(probs.shape[0], n);
      assert.equal(
        cellCounts(await plots.confusionMatrix(y, probs, { show: false })),
        n,
      );
      // Outside quick mode a length mismatch is still the caller's error.
      const part = probs.slice(0, QUICK_TEST);
      await assert.rejects(
        () => plots.confusionMatrix(y, part, { show: false }),
        /must match/,
      );
      tf.dispose([probs, part]);
    });
  } finally {
    tf.dispose([x, y]);
  }
});

Deno.test("quickTestLength only shortens to a QUICK_TEST prediction in quick mode", async () => {
  await withQuick("1", () => {
    assert.equal(quickTestLength(10_000, QUICK_TEST), QUICK_TEST);
    assert.equal(quickTestLength(10_000, 100), 10_000);
    assert.equal(quickTestLength(100, 100), 100);
    return Promise.resolve();
  });
  await withQuick("0", () => {
    assert.equal(quickTestLength(10_000, QUICK_TEST), 10_000);
    return Promise.resolve();
  });
});
