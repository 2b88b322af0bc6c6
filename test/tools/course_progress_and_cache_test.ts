// The course command's live progress (terminal and CI), its estimate of what
// is left, its final summary, and the execution cache's reasons to re-run.
import assert from "node:assert/strict";
import { join } from "node:path";
import { CourseProgress } from "../../tools/notebooks/course_progress.ts";
import {
  codeCellSeconds,
  summaryTable,
  testAccuracies,
} from "../../tools/notebooks/course_report.ts";
import {
  executionStamp,
  sharedInputs,
  staleReasons,
  type StoredStamp,
  treeHash,
} from "../../tools/notebooks/execution_cache.ts";
import type { Notebook, NotebookCell } from "../../tools/notebooks/files.ts";

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (s: number) => (t += s * 1000) };
}

const A = "/c/notebooks/01_a.ipynb";
const B = "/c/notebooks/02_b.ipynb";

function start(p: CourseProgress, notebook: string, cell: number, cells = 3) {
  p.onEvent({
    event: "cell_start",
    notebook,
    cell,
    code_cell: cell,
    code_cells: cells,
  });
}

Deno.test("terminal: one line redrawn in place with notebook, cell, times, estimate and the training bar", () => {
  const c = clock();
  let out = "";
  const p = new CourseProgress(
    [{ source: A, previousCells: [1, 10, 2] }, {
      source: B,
      previousCells: [5, 5, 5],
    }],
    { live: true, now: c.now, write: (t) => (out += t), width: () => 200 },
  );
  start(p, A, 1);
  c.advance(1);
  start(p, A, 2);
  c.advance(4);
  p.onEvent({
    event: "output",
    notebook: A,
    cell: 2,
    text: "45/196 ━━━━━━━━━━━━━━━━━━━━ 30s 530ms/step - loss: 0.9",
  });
  const last = out.split("\r\x1b[2K").at(-1)!;
  assert.equal(
    last,
    "[1/2] 01_a.ipynb · cell 2/3 · 5.0 s (total 5.0 s) · ~23.0 s left │ 45/196 ━━━━━━━━━━━━━━━━━━━━ 30s 530ms/step - loss: 0.9",
  );
  assert.ok(!out.includes("\n"), "nothing but the live line so far");
  p.line("  ok   notebooks/01_a.ipynb (5.0 s)");
  assert.ok(
    out.includes("\r\x1b[2K  ok   notebooks/01_a.ipynb (5.0 s)\n"),
    "a permanent line clears the live one first",
  );
  p.finish();
  assert.ok(out.endsWith("\r\x1b[2K"), "the live line is cleared at the end");
});

Deno.test("CI: plain lines at a bounded rate, no carriage returns", () => {
  const c = clock();
  const lines: string[] = [];
  const p = new CourseProgress([{ source: A }, { source: B }], {
    live: false,
    plainEveryS: 15,
    now: c.now,
    write: (t) => lines.push(t),
  });
  start(p, A, 1);
  for (let i = 0; i < 100; i++) {
    c.advance(0.5);
    p.onEvent({ event: "output", notebook: A, cell: 1, text: `${i}/100 ━━` });
  }
  // 50 s of updates: the first line, then one per 15 s.
  assert.equal(lines.length, 4, lines.join(""));
  assert.ok(lines.every((l) => !l.includes("\r") && l.endsWith("\n")));
  assert.match(lines[1], /^ {2}… \[1\/2\] 01_a\.ipynb · cell 1\/3 · 15\.0 s/);
  assert.ok(!/left/.test(lines[1]), "no estimate without any previous run");
  start(p, B, 1);
  assert.equal(lines.length, 5, "a new notebook prints at once");
});

Deno.test("estimate: previous cell times, minus what the current cell already ran", () => {
  const c = clock();
  const p = new CourseProgress(
    [{ source: A, previousCells: [2, 20, 2] }, { source: B }],
    { live: false, now: c.now, write: () => {} },
  );
  start(p, A, 2);
  c.advance(5);
  assert.deepEqual(p.remaining(), { seconds: 17, unknown: 1 });
  c.advance(100);
  assert.deepEqual(p.remaining(), { seconds: 2, unknown: 1 }, "never negative");
  assert.match(p.status(), /~2\.0 s left \+ 1 notebook\(s\) never timed/);
});

function cell(
  source: string,
  outputs: NotebookCell["outputs"],
  secs?: number,
): NotebookCell {
  const t0 = "2026-12-01T10:00:00.000Z";
  const t1 = new Date(Date.parse(t0) + (secs ?? 0) * 1000).toISOString();
  return {
    cell_type: "code",
    source,
    metadata: secs === undefined
      ? {}
      : { execution: { "iopub.execute_input": t0, "shell.execute_reply": t1 } },
    outputs,
  };
}

Deno.test("summary: times and the test accuracy each notebook reached", () => {
  const nb: Notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      cell("const h = await m.fit(x, y);", [], 12.5),
      cell("await lenet.evaluate(xTest, yTest, { verbose: 0 });", [{
        output_type: "execute_result",
        data: { "text/plain": "[ 0.0712, 0.9760 ]" },
      }], 0.5),
      cell("console.log(...)", [{
        output_type: "stream",
        name: "stdout",
        text: ["LeNet-5-BN  test loss 0.0400  test accuracy 0.9833\n"],
      }], 1),
    ],
  };
  assert.deepEqual(testAccuracies(nb), [0.976, 0.9833]);
  assert.deepEqual(codeCellSeconds(nb), [12.5, 0.5, 1]);
  const table = summaryTable([
    {
      source: "/x/01_datos.ipynb",
      status: "ran",
      seconds: 14.2,
      accuracies: [],
    },
    {
      source: "/x/02_lenet.ipynb",
      status: "skipped",
      seconds: 111.7,
      peakRssMiB: 1012,
      accuracies: [0.976],
    },
    {
      source: "/x/05_batchnorm.ipynb",
      status: "ran",
      seconds: 428,
      peakRssMiB: 987,
      accuracies: [0.97, 0.9833],
    },
  ]);
  assert.equal(
    table,
    [
      "Notebook            Status       Time   Peak RSS  Test accuracy",
      "01_datos.ipynb      ran        14.2 s          —  —",
      "02_lenet.ipynb      skipped  (1m 52s)  1,012 MiB  0.9760",
      "05_batchnorm.ipynb  ran        7m 08s    987 MiB  0.9700 / 0.9833",
      "Total: 7m 22s for 2 executed notebook(s), 1 skipped (time of their last run in brackets); largest peak RSS 1,012 MiB (02_lenet.ipynb).",
    ].join("\n"),
  );
});

Deno.test("execution cache: each changed input is a reason to re-run, none means skip", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cnn-cache-" });
  try {
    await Deno.mkdir(join(dir, "lib"));
    await Deno.writeTextFile(join(dir, "lib", "a.ts"), "export const a = 1;\n");
    await Deno.writeTextFile(join(dir, "deno.lock"), "{}");
    await Deno.writeTextFile(join(dir, "deno.json"), "{}");
    const nb = join(dir, "n.ipynb");
    await Deno.writeTextFile(nb, '{"cells": []}');
    const shared = await sharedInputs(true, dir);
    const now = await executionStamp(nb, shared);
    const stored: StoredStamp = { ...now, ok: true, seconds: 3 };
    assert.deepEqual(staleReasons(stored, now), []);
    assert.deepEqual(staleReasons(undefined, now), [
      "it has no executed copy yet",
    ]);
    assert.deepEqual(staleReasons({ ...stored, ok: false }, now), [
      "its last run failed",
    ]);

    await Deno.writeTextFile(join(dir, "lib", "a.ts"), "export const a = 2;\n");
    await Deno.writeTextFile(nb, '{"cells": [1]}');
    const later = await executionStamp(nb, await sharedInputs(false, dir));
    assert.deepEqual(staleReasons(stored, later), [
      "the notebook changed",
      "lib/ changed",
      "its copy ran in quick mode",
    ]);
    await Deno.writeTextFile(join(dir, "deno.lock"), '{"v": 5}');
    const locked = await executionStamp(nb, await sharedInputs(false, dir));
    assert.ok(
      staleReasons(stored, locked).includes("deno.lock or deno.json changed"),
    );
    // A new task in deno.json changes no code: no reason to re-run.
    const withTask = await sharedInputs(false, dir);
    await Deno.writeTextFile(join(dir, "deno.json"), '{"tasks": {"x": "y"}}');
    assert.equal((await sharedInputs(false, dir)).lock, withTask.lock);
    await Deno.writeTextFile(
      join(dir, "deno.json"),
      '{"imports": {"a": "npm:a@1"}}',
    );
    assert.notEqual((await sharedInputs(false, dir)).lock, withTask.lock);

    // A renamed file changes the tree hash even with the same contents.
    const before = await treeHash(join(dir, "lib"));
    await Deno.rename(join(dir, "lib", "a.ts"), join(dir, "lib", "b.ts"));
    assert.notEqual(await treeHash(join(dir, "lib")), before);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
