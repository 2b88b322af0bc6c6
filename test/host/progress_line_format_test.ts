import assert from "node:assert/strict";
import {
  formatEta,
  formatMetricValue,
  formatStepTime,
} from "../../lib/host/progress_format.ts";
import { ProgressBar } from "../../lib/host/progbar.ts";
import { CaptureWriter } from "../../lib/host/progress_writers.ts";

/** A clock that returns the given times in order (seconds), then repeats the last. */
function clockOf(times: number[]): () => number {
  let i = 0;
  return () => times[Math.min(i++, times.length - 1)];
}

const BAR = "━".repeat(20);

Deno.test("final line reproduces the tutorial's Keras 3 line exactly", async () => {
  const writer = new CaptureWriter();
  // start 0; step 1 ends at 0.3 s; the epoch (validation included) ends at 4.395 s:
  // (4.395 - 0.3) / 195 = 21 ms/step, elapsed rounds to 4 s.
  const bar = new ProgressBar(196, { writer, now: clockOf([0, 0.3, 4.395]) });
  await bar.update(1, { accuracy: 0.1, loss: 2.3 }, false);
  await bar.update(196, {
    accuracy: 0.71201,
    loss: 1.05183,
    val_accuracy: 0.90331,
    val_loss: 0.31249,
  }, true);
  assert.deepEqual(writer.lines, [
    `196/196 ${BAR} 4s 21ms/step - accuracy: 0.7120 - loss: 1.0518 - val_accuracy: 0.9033 - val_loss: 0.3125`,
  ]);
  assert.deepEqual(writer.updates.length, 1);
  // The live line right-aligns the count and shows the ETA (first step: 0.3 s × 195 left).
  assert.deepEqual(
    writer.updates[0],
    `  1/196 ${BAR} 58s 300ms/step - accuracy: 0.1000 - loss: 2.3000`,
  );
});

Deno.test("live updates are throttled to Keras's 0.05 s interval, the final line never is", async () => {
  const writer = new CaptureWriter();
  const bar = new ProgressBar(10, {
    writer,
    now: clockOf([0, 0.01, 0.02, 0.03, 0.1, 0.11]),
  });
  await bar.update(1, { loss: 1 }); // shown (first)
  await bar.update(2, { loss: 1 }); // 0.01 s later: skipped
  await bar.update(3, { loss: 1 }); // skipped
  await bar.update(4, { loss: 1 }); // 0.1 s after the first shown: shown
  await bar.update(10, { loss: 1 }); // final
  assert.deepEqual(writer.updates.length, 2);
  assert.match(writer.updates[1], /^ 4\/10 /);
  assert.deepEqual(writer.lines.length, 1);
  assert.match(
    writer.lines[0],
    /^10\/10 ━{20} 0s \d+ms\/step - loss: 1\.0000$/,
  );
});

Deno.test("verbose 2 prints one Keras line per bar and no live updates", async () => {
  const writer = new CaptureWriter();
  const bar = new ProgressBar(5, {
    writer,
    verbose: 2,
    now: clockOf([0, 1, 2, 3, 4, 5, 9]),
  });
  for (let i = 1; i <= 5; i++) await bar.update(i, { loss: 0.5 });
  assert.deepEqual(writer.updates, []);
  assert.deepEqual(writer.lines, ["5/5 - 5s - 1s/step - loss: 0.5000"]);
});

Deno.test("metric values use 4 decimals, or Python-style scientific notation when tiny", () => {
  assert.deepEqual(formatMetricValue(0.97), "0.9700");
  assert.deepEqual(formatMetricValue(12.345678), "12.3457");
  assert.deepEqual(formatMetricValue(0.000123456), "1.2346e-04");
  assert.deepEqual(formatMetricValue(0), "0.0000e+00");
  assert.deepEqual(formatMetricValue(-0.5), "-0.5000");
  assert.deepEqual(formatMetricValue(NaN), "nan");
  assert.deepEqual(formatMetricValue(Infinity), "inf");
});

Deno.test("step time switches between s, ms and us like Keras", () => {
  assert.deepEqual(formatStepTime(0.021), " 21ms/step");
  assert.deepEqual(formatStepTime(2.4), " 2s/step");
  assert.deepEqual(formatStepTime(0), " 0s/step");
  assert.deepEqual(formatStepTime(0.00035), " 350us/step");
});

Deno.test("ETA reads 42s, 3:07 and 1:02:05", () => {
  assert.deepEqual(formatEta(42.9), "42s");
  assert.deepEqual(formatEta(187), "3:07");
  assert.deepEqual(formatEta(3725), "1:02:05");
});
