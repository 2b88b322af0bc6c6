/**
 * A thread of the multithreaded tfjs wasm backend, run by `node:worker_threads`.
 *
 * tfjs's emscripten worker script assumes either a browser worker (classic
 * `importScripts`) or Node (`require`, files on disk); under Deno neither
 * holds, so this module gives that script a browser-worker environment: `self`,
 * `postMessage`, `location`, and an `importScripts` that evaluates the main
 * script's source, with Deno's `process` hidden so the script does not take
 * its Node branch. The first message carries the worker script's blob URL.
 *
 * @module
 */
import { parentPort } from "node:worker_threads";

if (parentPort === null) {
  throw new Error(
    "pthread_worker.ts must run in a node:worker_threads Worker.",
  );
}
const port = parentPort;
const g = globalThis as unknown as Record<string, unknown>;
g.self = globalThis;
g.postMessage = (message: unknown) => port.postMessage(message);
if (g.location === undefined) g.location = { href: import.meta.url };
// The emscripten worker calls importScripts(source) once we replaced the main
// script's Blob with its text; evaluating it defines the module factory.
g.importScripts = (source: string) => {
  g.WasmBackendModuleThreadedSimd = new Function(
    "process",
    `${source}\nreturn WasmBackendModuleThreadedSimd;`,
  )(undefined);
};

type Handler = (event: { data: unknown }) => void;
let queue = Promise.resolve();

async function handle(data: Record<string, unknown>): Promise<void> {
  if (typeof data.cnnPthreadSetup === "string") {
    const script = await (await fetch(data.cnnPthreadSetup)).text();
    new Function("process", script)(undefined); // sets self.onmessage
    return;
  }
  if (data.cmd === "load" && data.urlOrBlob instanceof Blob) {
    data.urlOrBlob = await data.urlOrBlob.text();
  }
  (g.onmessage as Handler)({ data });
}

port.on("message", (data: Record<string, unknown>) => {
  queue = queue.then(() => handle(data)).catch((e) => {
    console.error("wasm thread failed:", e);
    throw e;
  });
});
