/**
 * `ProgressBar.due` says exactly when `update` would print, so the GPU loop
 * reads values only for lines that are shown.
 */
import assert from "node:assert/strict";
import { ProgressBar } from "../../lib/host/progbar.ts";
import { CaptureWriter } from "../../lib/host/progress_writers.ts";

Deno.test("due() is true exactly when update() prints a live line (verbose 1)", async () => {
  let t = 0;
  const writer = new CaptureWriter();
  const bar = new ProgressBar(50, { writer, verbose: 1, now: () => t });
  let predicted = 0;
  for (let step = 1; step < 50; step++) {
    t += 0.02; // 20 ms per step, interval 50 ms
    const due = bar.due(step, false);
    if (due) predicted++;
    const before = writer.updates.length;
    await bar.update(step, { loss: 1 }, false);
    assert.equal(writer.updates.length - before, due ? 1 : 0, `step ${step}`);
  }
  assert.equal(writer.updates.length, predicted);
  assert.ok(predicted > 5 && predicted < 30, `${predicted} refreshes`);
  assert.equal(bar.due(50), true);
});

Deno.test("due() is false before the end with verbose 2, true for the final line", () => {
  const bar = new ProgressBar(10, {
    writer: new CaptureWriter(),
    verbose: 2,
    now: () => 0,
  });
  assert.equal(bar.due(3, false), false);
  assert.equal(bar.due(10), true);
  assert.equal(bar.due(4, true), true);
});
