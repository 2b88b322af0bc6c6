/**
 * Helper threads for the SIMD kernels. tfjs's threaded wasm build shares its
 * heap (a shared `WebAssembly.Memory`) with XNNPACK's pool, which sits idle
 * while one of our kernels runs; with N wasm threads we start N − 1
 * `node:worker_threads` helpers that instantiate the same kernels over that
 * heap, and a kernel call is split between the caller and the helpers (for
 * the filter gradient: by images). Hand-off is a few `Atomics` operations on
 * a shared control block, no messages, so it costs microseconds.
 *
 * Until the helpers have started (asynchronously), and on the single-threaded
 * build, every part runs on the calling thread.
 *
 * @module
 */
import { Worker as NodeWorker } from "node:worker_threads";
import {
  Control,
  CONTROL_INTS,
  KERNEL_NAMES,
  type KernelName,
} from "./simd_control.ts";
import type { SimdKernels } from "./simd_module.ts";

const WORKER_URL = new URL("./simd_helper_worker.ts", import.meta.url);

/** How long the caller waits for a helper before giving up (ms). */
const HELPER_TIMEOUT_MS = 60_000;

interface Helper {
  worker: NodeWorker;
  control: Int32Array;
  seq: number;
  /** The worker failed to start or stopped; it never takes work. */
  dead: boolean;
}

const helpers = new WeakMap<WebAssembly.Memory, Helper[]>();

/** A helper that has started and is alive. */
function isReady(h: Helper): boolean {
  return !h.dead && Atomics.load(h.control, Control.Ready) === 1;
}

/** How long {@link startSimdHelpers} waits for its helpers to be ready (ms). */
const START_TIMEOUT_MS = 10_000;

/**
 * Starts `count` helper threads over `memory` (a shared memory; does nothing
 * otherwise, or if helpers for it exist) and resolves once they are ready
 * (or after 10 s; kernels use whichever helpers are ready). They never keep
 * the process alive.
 */
export async function startSimdHelpers(
  memory: WebAssembly.Memory,
  count: number,
): Promise<void> {
  if (!(memory.buffer instanceof SharedArrayBuffer) || count < 1) return;
  if (helpers.has(memory)) return;
  const list: Helper[] = [];
  for (let i = 0; i < count; i++) {
    const control = new Int32Array(
      new SharedArrayBuffer(CONTROL_INTS * Int32Array.BYTES_PER_ELEMENT),
    );
    const worker = new NodeWorker(WORKER_URL, {
      workerData: { memory, control: control.buffer },
    });
    worker.unref();
    const helper: Helper = { worker, control, seq: 0, dead: false };
    // Without a helper the kernels still run, on the calling thread.
    worker.on("error", () => (helper.dead = true));
    worker.on("exit", () => (helper.dead = true));
    list.push(helper);
  }
  helpers.set(memory, list);
  const start = performance.now();
  while (
    list.some((h) => !h.dead && !isReady(h)) &&
    performance.now() - start < START_TIMEOUT_MS
  ) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Helpers over `memory` that are ready to take work. */
export function readyHelpers(memory: WebAssembly.Memory): number {
  const list = helpers.get(memory) ?? [];
  let ready = 0;
  while (ready < list.length && isReady(list[ready])) ready++;
  return ready;
}

/**
 * A batch of `n` images split between this thread and the helpers over
 * `memory` that are ready: one `[n0, n1]` image range per thread (at most
 * `n` of them), for {@link runParts}.
 */
export function batchParts(
  memory: WebAssembly.Memory,
  n: number,
): [number, number][] {
  const threads = Math.max(1, Math.min(n, 1 + readyHelpers(memory)));
  return Array.from({ length: threads }, (_, t) => [
    Math.floor((n * t) / threads),
    Math.floor((n * (t + 1)) / threads),
  ]);
}

/** Jobs each helper over `memory` has finished (for diagnostics and tests). */
export function helperJobsDone(memory: WebAssembly.Memory): number[] {
  return (helpers.get(memory) ?? []).map((h) =>
    Atomics.load(h.control, Control.Done)
  );
}

/**
 * Runs `kernel` of `kernels` (instantiated over `memory`) once per entry of
 * `parts` (its integer arguments): the first part on this thread, the others
 * on ready helpers at the same time (on this thread too when there are fewer
 * helpers). Returns when all are done.
 */
export function runParts(
  kernels: SimdKernels,
  memory: WebAssembly.Memory,
  kernel: KernelName,
  parts: number[][],
): void {
  const run = kernels[kernel] as (...args: number[]) => void;
  const list = helpers.get(memory) ?? [];
  const posted: Helper[] = [];
  for (let p = 1; p < parts.length && posted.length < list.length; p++) {
    const h = list[posted.length];
    if (!isReady(h)) break;
    const args = parts[p];
    h.control[Control.Kernel] = KERNEL_NAMES.indexOf(kernel);
    h.control[Control.Count] = args.length;
    h.control.set(args, Control.Args);
    h.seq++;
    Atomics.store(h.control, Control.Seq, h.seq);
    Atomics.notify(h.control, Control.Seq);
    posted.push(h);
  }
  run(...parts[0]);
  for (let p = posted.length + 1; p < parts.length; p++) run(...parts[p]);
  for (const h of posted) {
    const start = performance.now();
    while (Atomics.load(h.control, Control.Done) !== h.seq) {
      Atomics.wait(h.control, Control.Done, h.seq - 1, 1000);
      if (performance.now() - start > HELPER_TIMEOUT_MS) {
        throw new Error(
          `A SIMD helper thread did not finish "${kernel}" within ${
            HELPER_TIMEOUT_MS / 1000
          } s; restart the kernel, or set CNN_THREADS=1 to train without helper threads.`,
        );
      }
    }
    if (h.control[Control.Failed] !== 0) {
      throw new Error(
        `The SIMD helper thread failed in "${kernel}"; set CNN_THREADS=1 to train without helper threads.`,
      );
    }
  }
}
