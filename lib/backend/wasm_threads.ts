/**
 * Starts tfjs's `wasm` backend with XNNPACK's thread pool under Deno.
 *
 * tfjs-backend-wasm ships a threaded SIMD build but never uses it here, for
 * three reasons this module works around while the backend initialises:
 *
 * 1. Under Deno tfjs sees Node (`IS_NODE`), and its
 *    `WASM_HAS_MULTITHREAD_SUPPORT` flag answers `false` for Node without
 *    testing anything. Deno has what the build needs (shared
 *    `WebAssembly.Memory`, `Atomics.wait`, `node:worker_threads`), so we set
 *    the flag.
 * 2. Emscripten (Node mode) starts each pthread with
 *    `new Worker(blobUrl)` from `node:worker_threads`, which accepts only file
 *    paths, and the worker script expects CommonJS `require`. We hand it a
 *    `node:worker_threads` Worker running `wasm_pthread_worker.ts`, which
 *    gives the script a browser-worker environment. Emscripten pre-creates
 *    8 of them but XNNPACK runs `threads − 1`, so each is a
 *    `LazyPthreadWorker` that starts its thread only when given one to run
 *    (the unused ones cost 0.5–1.5 s of start-up).
 * 3. The C side caps the pool at `emscripten_num_logical_cores() / 2`
 *    ("x86 has 2 hyperthreads per core"), i.e. 1 thread on a 2-core machine.
 *    We make `os.cpus()` report twice the requested count during start-up so
 *    the cap equals the request.
 *
 * Every patch is undone once the backend has started. Pool workers are
 * `unref`'d so they never keep a script from exiting.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  getThreadsCount,
  setThreadsCount,
} from "@tensorflow/tfjs-backend-wasm";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import os from "node:os";
import { startSimdHelpers } from "./simd/simd_helpers.ts";
import { wasmMemoryOf } from "./simd/simd_module.ts";
import { Worker as NodeWorker } from "node:worker_threads";
import { LazyPthreadWorker } from "./lazy_pthread_worker.ts";

/** Most threads XNNPACK's pool takes (tfjs pre-creates 8 workers). */
export const MAX_WASM_THREADS = 8;

const WORKER_URL = new URL("./wasm_pthread_worker.ts", import.meta.url);

/**
 * What to tell a user who must fix an environment variable: the backend is
 * chosen once per process, so a kernel started with the bad value keeps it
 * until restarted (or until the variable is set from a cell and the backend
 * chosen again — a failed choice is not cached).
 */
export function restartHint(variable: string, example: string): string {
  return `Fix or unset ${variable} where it is set (e.g. \`export ${variable}=${example}\` before ` +
    `starting Jupyter, or the kernelspec's "env"), then restart the kernel; in a running notebook ` +
    `\`Deno.env.set("${variable}", "${example}")\` followed by useBestBackend() also works.`;
}

let warnedCap = false;

/**
 * Threads the wasm backend should use: `CNN_THREADS` if set (1 disables
 * threading), capped at the CPU threads (one warning line) and at
 * {@link MAX_WASM_THREADS}; else every CPU thread, at most {@link MAX_WASM_THREADS}.
 */
export function wantedWasmThreads(): number {
  let raw: string | undefined;
  try {
    raw = Deno.env.get("CNN_THREADS");
  } catch {
    raw = undefined; // no env permission: use the default
  }
  const cpus = Math.max(1, navigator.hardwareConcurrency ?? 1);
  if (raw !== undefined && raw.trim() !== "") {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) {
      throw new Error(
        `CNN_THREADS="${raw}" is not a positive integer; set it to the number of threads for wasm ` +
          `(1 = single-threaded, at most ${cpus} here) or unset it. ${
            restartHint("CNN_THREADS", String(Math.min(cpus, MAX_WASM_THREADS)))
          }`,
      );
    }
    const limit = Math.min(cpus, MAX_WASM_THREADS);
    if (n > limit) {
      if (!warnedCap) {
        // More threads than CPUs only adds contention; say so once per process.
        console.warn(
          `WARNING: CNN_THREADS=${n} is more than ${
            n > cpus
              ? `the ${cpus} CPU thread${cpus === 1 ? "" : "s"} of this machine`
              : `the wasm maximum of ${MAX_WASM_THREADS}`
          }; using ${limit}.`,
        );
        warnedCap = true;
      }
      return limit;
    }
    return n;
  }
  return Math.min(cpus, MAX_WASM_THREADS);
}

/** Workers tfjs's threaded build pre-creates (emscripten's `pthreadPoolSize`). */
const PTHREAD_POOL = 8;

/**
 * Emscripten's `new Worker(url)` for the `index`-th pthread worker: a
 * `node:worker_threads` worker running our environment shim, told the worker
 * script's URL first. XNNPACK's `threads − 1` threads take the last workers
 * created (emscripten pops the pool), so those start at `load`, the others
 * only if they ever get a thread.
 */
function pthreadWorker(
  scriptUrl: string,
  index: number,
  threads: number,
  onLoad: (message: Record<string, unknown>) => void,
): LazyPthreadWorker {
  return new LazyPthreadWorker(() => {
    const worker = new NodeWorker(WORKER_URL);
    worker.postMessage({ cnnPthreadSetup: scriptUrl });
    return worker;
  }, { eager: index >= PTHREAD_POOL - (threads - 1), onLoad });
}

interface PThreadModule {
  PThread?: {
    runningWorkers: LazyPthreadWorker[];
    unusedWorkers: LazyPthreadWorker[];
  };
}

/** Workers of the started wasm backend's pool (empty when single-threaded). */
function poolWorkers(): LazyPthreadWorker[] {
  const backend = tf.findBackend("wasm") as unknown as
    | { wasm?: PThreadModule }
    | null;
  const pthread = backend?.wasm?.PThread;
  return pthread ? [...pthread.runningWorkers, ...pthread.unusedWorkers] : [];
}

/**
 * Initialises the `wasm` backend with `threads` threads (if it is not
 * initialised yet) and makes it current. Returns the thread count XNNPACK
 * actually uses. With `threads` 1, or if the threaded build fails to start,
 * the single-threaded SIMD build is used (the failure is returned as `note`).
 *
 * @example
 * ```ts
 * import "@tensorflow/tfjs-backend-wasm";
 * const { threads } = await startWasm(2); // threads === 2 on a 2-core machine
 * ```
 */
export async function startWasm(
  threads: number,
): Promise<{ threads: number; note?: string }> {
  if (tf.findBackend("wasm") !== null) {
    if (!(await tf.setBackend("wasm"))) {
      throw new Error('tf.setBackend("wasm") returned false');
    }
    return { threads: getThreadsCount() };
  }
  let note: string | undefined;
  if (threads > 1) {
    // The SIMD helpers start as soon as the heap exists (the pool's `load`
    // message carries it), alongside the pthreads rather than after them:
    // inside the Jupyter kernel each worker takes ~0.5 s to come up.
    let helpers: Promise<void> | undefined;
    try {
      const onLoad = (message: Record<string, unknown>) => {
        if (helpers || !(message.wasmMemory instanceof WebAssembly.Memory)) {
          return;
        }
        helpers = startSimdHelpers(message.wasmMemory, threads - 1);
      };
      if (await startThreaded(threads, onLoad)) {
        await helpers;
        // A no-op when the helpers for this heap exist already.
        await startSimdHelpers(
          wasmMemoryOf(tf.backend() as unknown as BackendWasm),
          getThreadsCount() - 1,
        );
        return { threads: getThreadsCount() };
      }
      // Helpers started for a heap that is not used: settle their start so a
      // failure there is not an unhandled rejection.
      await helpers?.catch(() => {});
      note = "the threaded wasm build did not start";
    } catch (e) {
      await helpers?.catch(() => {});
      note = `the threaded wasm build failed: ${
        e instanceof Error ? e.message : e
      }`;
    }
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  }
  setThreadsCount(1);
  let ok = false;
  let error = "";
  try {
    ok = await tf.setBackend("wasm");
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  if (!ok) {
    throw new Error(
      error ||
        `tf.setBackend("wasm") returned false${note ? ` (${note})` : ""}`,
    );
  }
  return { threads: getThreadsCount(), note };
}

async function startThreaded(
  threads: number,
  onLoad: (message: Record<string, unknown>) => void,
): Promise<boolean> {
  const workerDesc = Object.getOwnPropertyDescriptor(globalThis, "Worker");
  const cpus = os.cpus;
  // Emscripten assigns node's Worker to the global; keep ours in place until
  // the pool exists, then put the original back.
  let created = 0;
  // A function, not an arrow: emscripten calls it with `new`.
  const worker = function (url: string) {
    return pthreadWorker(url, created++, threads, onLoad);
  };
  Object.defineProperty(globalThis, "Worker", {
    configurable: true,
    get: () => worker,
    set: () => {},
  });
  (os as { cpus: () => os.CpuInfo[] }).cpus = () => {
    const real = cpus();
    return Array.from(
      { length: 2 * threads },
      (_, i) => real[i % real.length],
    );
  };
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  setThreadsCount(threads);
  try {
    return await tf.setBackend("wasm");
  } finally {
    (os as { cpus: () => os.CpuInfo[] }).cpus = cpus;
    if (workerDesc) Object.defineProperty(globalThis, "Worker", workerDesc);
    else delete (globalThis as { Worker?: unknown }).Worker;
    for (const w of poolWorkers()) w.unref();
  }
}
