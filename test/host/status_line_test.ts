/**
 * The live status line: in Jupyter one output with a `display_id`, shown,
 * updated in place and emptied at the end (also when the work throws); on a
 * terminal a `\r` line erased at the end; in logs nothing. `loadData()`
 * shows "Loading MNIST..." that way, and `useBestBackend()` "Starting the
 * TensorFlow.js backend..." before the line it prints.
 */
import assert from "node:assert/strict";
import type { DisplayOptions, MimeBundle } from "../../lib/host/display.ts";
import { StatusLine, withStatus } from "../../lib/host/status_line.ts";
import { loadData, LOADING_MNIST } from "../../lib/data/mnist.ts";
import { withTempDir, writeTinyIdxSet } from "../data/helpers.ts";
import { evalWithBackend } from "../backend/eval_child.ts";

type Call = { text: unknown; id?: string; update?: boolean };

function fakeDisplay() {
  const calls: Call[] = [];
  const display = (bundle: MimeBundle, o: DisplayOptions = {}) => {
    calls.push({
      text: bundle["text/plain"],
      id: o.displayId,
      update: o.update,
    });
    return Promise.resolve();
  };
  return { calls, display };
}

Deno.test("in Jupyter the line is one display_id: shown, updated in place, emptied", async () => {
  const { calls, display } = fakeDisplay();
  const line = await StatusLine.show("Working...", {
    mode: "jupyter",
    display,
  });
  await line.update("Still working...");
  await line.clear();
  await line.clear(); // a second clear sends nothing
  assert.ok(line.displayId.startsWith("cnn-status-"));
  assert.deepEqual(calls, [
    { text: "Working...", id: line.displayId, update: undefined },
    { text: "Still working...", id: line.displayId, update: true },
    { text: "", id: line.displayId, update: true },
  ]);
});

Deno.test("withStatus empties the line when the work throws, and rethrows", async () => {
  const { calls, display } = fakeDisplay();
  await assert.rejects(
    () =>
      withStatus("Loading...", () => Promise.reject(new Error("boom")), {
        mode: "jupyter",
        display,
      }),
    /boom/,
  );
  assert.deepEqual(calls.map((c) => [c.text, c.update]), [[
    "Loading...",
    undefined,
  ], ["", true]]);
});

Deno.test("on a terminal the line is redrawn with \\r and erased; in logs nothing is written", async () => {
  const written: string[] = [];
  const write = (t: string) => written.push(t);
  const line = await StatusLine.show("Loading MNIST...", {
    mode: "terminal",
    write,
  });
  await line.update("Done?");
  await line.clear();
  assert.deepEqual(written, [
    "\rLoading MNIST...",
    "\rDone?           ",
    `\r${" ".repeat(5)}\r`,
  ]);
  const none: string[] = [];
  const off = await StatusLine.show("x", {
    mode: "off",
    write: (t) => none.push(t),
  });
  await off.clear();
  assert.deepEqual(none, []);
});

Deno.test("loadData() shows Loading MNIST... while it reads, then empties it", async () => {
  await withTempDir(async (dataDir) => {
    await writeTinyIdxSet(dataDir);
    const { calls, display } = fakeDisplay();
    const [[x]] = await loadData({
      dataDir,
      sources: ["data"],
      sha256: {
        trainImages: null,
        trainLabels: null,
        testImages: null,
        testLabels: null,
      },
      status: { mode: "jupyter", display },
    });
    assert.deepEqual(x.shape, [3, 28, 28]);
    assert.equal(calls.length, 2);
    assert.equal(calls[0].text, LOADING_MNIST);
    assert.deepEqual([calls[1].text, calls[1].id, calls[1].update], [
      "",
      calls[0].id,
      true,
    ]);
  });
});

Deno.test("useBestBackend() shows its status line before starting and empties it before its one line", async () => {
  const r = await evalWithBackend(
    `const calls = [];
    const display = (b, o = {}) => { calls.push([b["text/plain"], o.displayId?.startsWith("cnn-status-"), o.update ?? false]); return Promise.resolve(); };
    const name = await useBestBackend({ status: { mode: "jupyter", display } });
    console.log(JSON.stringify({ name, calls }));`,
    { CNN_BACKEND: "wasm" },
  );
  assert.ok(r.ok, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.match(lines[0], /^Backend: wasm \(XNNPACK SIMD/);
  assert.deepEqual(JSON.parse(lines[1]), {
    name: "wasm",
    calls: [["Starting the TensorFlow.js backend...", true, false], [
      "",
      true,
      true,
    ]],
  });
});
