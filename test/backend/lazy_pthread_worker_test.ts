/**
 * `LazyPthreadWorker`: emscripten's `load` is answered with `loaded` without
 * starting a thread; the first `run` starts the real worker, which gets
 * `load` then `run` in that order; the real worker's own `loaded` is not
 * passed on, its other messages are; an eager worker starts at `load`.
 */
import type { Worker as NodeWorker } from "node:worker_threads";
import assert from "node:assert/strict";
import { LazyPthreadWorker } from "../../lib/backend/lazy_pthread_worker.ts";

/** A stand-in for a node Worker that records what it is sent. */
function fakeWorker() {
  const posted: unknown[] = [];
  const listeners: Record<string, ((v: unknown) => void)[]> = {};
  const worker = {
    postMessage: (m: unknown) => posted.push(m),
    on: (e: string, f: (v: unknown) => void) => (listeners[e] ??= []).push(f),
    unref: () => posted.push("unref"),
    ref: () => posted.push("ref"),
    terminate: () => Promise.resolve(0),
  };
  const send = (e: string, v: unknown) => listeners[e]?.forEach((f) => f(v));
  return { worker: worker as unknown as NodeWorker, posted, send };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

Deno.test("load is answered at once; the thread starts on run and gets load first", async () => {
  const fake = fakeWorker();
  let starts = 0;
  const loads: unknown[] = [];
  const w = new LazyPthreadWorker(() => (starts++, fake.worker), {
    onLoad: (m) => loads.push(m.cmd),
  });
  const seen: unknown[] = [];
  w.on("message", (m) => seen.push(m));
  w.unref();
  w.postMessage({ cmd: "load", wasmMemory: 1 });
  await tick();
  assert.deepEqual(seen, [{ cmd: "loaded" }]);
  assert.deepEqual([starts, w.started, loads], [0, false, ["load"]]);
  w.postMessage({ cmd: "run", arg: 7 });
  assert.deepEqual([starts, w.started], [1, true]);
  assert.deepEqual(fake.posted, ["unref", { cmd: "load", wasmMemory: 1 }, {
    cmd: "run",
    arg: 7,
  }]);
  fake.send("message", { cmd: "loaded" });
  fake.send("message", { cmd: "print", text: "hi" });
  assert.deepEqual(seen, [{ cmd: "loaded" }, { cmd: "print", text: "hi" }]);
});

Deno.test("an eager worker starts at load; one never given work never starts", async () => {
  const eager = fakeWorker();
  const lazy = fakeWorker();
  let eagerStarts = 0;
  let lazyStarts = 0;
  const a = new LazyPthreadWorker(() => (eagerStarts++, eager.worker), {
    eager: true,
  });
  const b = new LazyPthreadWorker(() => (lazyStarts++, lazy.worker));
  for (const w of [a, b]) w.postMessage({ cmd: "load" });
  await tick();
  assert.deepEqual([eagerStarts, lazyStarts], [1, 0]);
  assert.deepEqual(eager.posted, [{ cmd: "load" }]);
  a.postMessage({ cmd: "run" });
  assert.deepEqual(eager.posted, [{ cmd: "load" }, { cmd: "run" }]);
  assert.deepEqual(await b.terminate(), 0);
  assert.deepEqual(lazyStarts, 0);
});
