import assert from "node:assert/strict";
import {
  ByteProgress,
  formatProgressLine,
} from "../../lib/host/download_line.ts";

Deno.test("progress line mid-download looks like Keras's get_file bar", () => {
  assert.equal(
    formatProgressLine(5251072, 11490434, 0.4, false),
    " 5251072/11490434 [============>.................] - ETA: 0s",
  );
  assert.equal(
    formatProgressLine(0, 100, 0, false),
    "  0/100 [..............................] - ETA: 0s",
  );
});

Deno.test("final progress line: full bar, seconds and time per byte", () => {
  assert.equal(
    formatProgressLine(11490434, 11490434, 1.2, true),
    "11490434/11490434 [==============================] - 1s 0us/step",
  );
  assert.equal(
    formatProgressLine(10, 10, 5, true),
    "10/10 [==============================] - 5s 500ms/step",
  );
});

Deno.test("unknown length and long ETAs are formatted like Keras", () => {
  assert.equal(
    formatProgressLine(2048, null, 2, false),
    "   2048/Unknown - 2s 977us/step",
  );
  assert.match(formatProgressLine(1, 1000, 1, false), /ETA: 16:39$/);
  assert.match(formatProgressLine(1, 10000, 1, false), /ETA: 2:46:39$/);
});

Deno.test("ByteProgress throttles redraws but always draws the final line", () => {
  const seen: [string, boolean][] = [];
  const p = new ByteProgress((l, f) => seen.push([l, f]), 300, 60_000);
  for (let i = 0; i < 3; i++) p.add(100);
  p.done();
  assert.equal(seen.length, 2);
  assert.match(seen[0][0], /^100\/300 \[=========>\.{20}\] - ETA: /);
  assert.deepEqual(seen[1][1], true);
  assert.match(seen[1][0], /^300\/300 \[={30}\]/);
});
