import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { predict } from "../../lib/training/inference.ts";
import { QUICK_TEST } from "../../lib/course/quick.ts";
import { predictedLength } from "../../lib/training/sample_limits.ts";
import { plots } from "../../lib/plots/mod.ts";
import { ToyModel } from "./toy_model.ts";
import { cellCounts } from "./fixtures/plot_cells.ts";

// Quick mode scores `evaluate` on the first QUICK_TEST test samples; the
// predictions and every figure made from them must describe those same
// samples, not all 10 000. Quick mode is read from the process-wide
// environment, so its half runs in a child process (setting CNN_QUICK here
// would switch the tests running beside this one into quick mode).

Deno.test("quick mode: predict, the confusion matrix and the misclassified grid use evaluate's test subset", async () => {
  const script = new URL(
    "./fixtures/quick_test_subset_run.ts",
    import.meta.url,
  );
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script.pathname],
    env: { CNN_QUICK: "1", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  assert.match(new TextDecoder().decode(out.stdout), /quick subset ok/);
});

Deno.test("outside quick mode predictions and figures keep every sample", async () => {
  assert.ok(
    !["1", "true"].includes(Deno.env.get("CNN_QUICK")?.toLowerCase() ?? ""),
    "the test suite itself runs outside quick mode",
  );
  const n = 1000;
  const x = tf.randomUniform([n, 4, 4, 1], 0, 1, "float32", 7);
  const y = tf.tensor1d(Array.from({ length: n }, (_, i) => i % 3), "int32");
  const model = new ToyModel({ classes: 3, seed: 1 });
  try {
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
    assert.equal(predictedLength(10_000, QUICK_TEST), 10_000);
    tf.dispose([probs, part]);
  } finally {
    tf.dispose([x, y]);
  }
});
