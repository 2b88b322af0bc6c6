import assert from "node:assert/strict";
import { formatDownloadLine } from "../../lib/host/progress_format.ts";
import { ProgressBar } from "../../lib/host/progbar.ts";
import { sinkWriter } from "../../lib/host/progress_writers.ts";

Deno.test("progress line mid-download looks like Keras's get_file bar", () => {
  assert.equal(
    formatDownloadLine(5251072, 11490434, 0.4, false),
    " 5251072/11490434 [============>.................] - ETA: 0s",
  );
  assert.equal(
    formatDownloadLine(0, 100, 0, false),
    "  0/100 [..............................] - ETA: 0s",
  );
});

Deno.test("final progress line: full bar, seconds and time per byte", () => {
  assert.equal(
    formatDownloadLine(11490434, 11490434, 1.2, true),
    "11490434/11490434 [==============================] - 1s 0us/step",
  );
  assert.equal(
    formatDownloadLine(10, 10, 5, true),
    "10/10 [==============================] - 5s 500ms/step",
  );
});

Deno.test("unknown length and long ETAs are formatted like Keras", () => {
  assert.equal(
    formatDownloadLine(2048, null, 2, false),
    "   2048/Unknown - 2s 977us/step",
  );
  assert.match(formatDownloadLine(1, 1000, 1, false), /ETA: 16:39$/);
  assert.match(formatDownloadLine(1, 10000, 1, false), /ETA: 2:46:39$/);
});

Deno.test("the progress bar's bytes format throttles redraws but always draws the final line", async () => {
  const seen: [string, boolean][] = [];
  const p = new ProgressBar(300, {
    writer: sinkWriter((l, f) => seen.push([l, f])),
    format: "bytes",
    interval: 60,
  });
  for (let i = 1; i <= 3; i++) await p.update(100 * i, {}, false);
  await p.update(300, {}, true);
  assert.equal(seen.length, 2);
  assert.match(seen[0][0], /^100\/300 \[=========>\.{20}\] - ETA: /);
  assert.deepEqual(seen[1][1], true);
  assert.match(seen[1][0], /^300\/300 \[={30}\]/);
});

Deno.test("the bytes format with an unknown total prints Unknown and the time per byte", async () => {
  const seen: [string, boolean][] = [];
  let t = 10;
  const p = new ProgressBar(null, {
    writer: sinkWriter((l, f) => seen.push([l, f])),
    format: "bytes",
    interval: 0.1,
    now: () => t,
  });
  t = 12;
  await p.update(2048, {}, true);
  assert.deepEqual(seen, [["   2048/Unknown - 2s 977us/step", true]]);
});

Deno.test("with an unknown total, an update is final only when the caller says so", async () => {
  const seen: [string, boolean][] = [];
  let t = 10;
  const p = new ProgressBar(null, {
    writer: sinkWriter((l, f) => seen.push([l, f])),
    format: "bytes",
    interval: 60,
    now: () => t,
  });
  await p.update(1024);
  t = 11;
  assert.equal(p.due(2048), false, "within the interval, not the last step");
  await p.update(2048);
  t = 12;
  await p.update(4096, {}, true);
  assert.deepEqual(seen.map(([, final]) => final), [false, true]);
});
