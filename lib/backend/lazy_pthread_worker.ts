/**
 * A pthread worker that starts its thread only when emscripten gives it work.
 *
 * tfjs's threaded wasm build pre-creates a pool of 8 pthread workers and
 * waits until all 8 have loaded the module, but XNNPACK then runs only
 * `threads − 1` of them (one on a 2-core machine). Creating a worker costs
 * 50–100 ms of the main thread under `deno run` and ~200 ms inside the
 * Jupyter kernel, so the unused seven were most of the backend's start-up
 * (1.5 s of a fresh kernel's first cell). This stand-in answers emscripten's
 * `load` at once with `loaded`, and starts the real worker, replaying `load`
 * first, on the first other message (`run` when a thread is spawned).
 * Messages go straight on: the worker shim handles them in order, so `run`
 * follows a finished `load` (waiting for the worker's `loaded` here would
 * deadlock, as the main thread blocks until XNNPACK's threads are up). The
 * real worker's own `loaded` is not passed on: emscripten had it already.
 *
 * @module
 */
import type { Worker as NodeWorker } from "node:worker_threads";

type Listener = (value: unknown) => void;
/** A transfer list as `node:worker_threads` takes it. */
type Transfer = Parameters<NodeWorker["postMessage"]>[1];
type Message = [message: unknown, transfer?: Transfer];

/** Options of {@link LazyPthreadWorker}. */
export interface LazyPthreadOptions {
  /**
   * Start the real worker as soon as `load` arrives rather than on `run`:
   * for the workers that will get a thread, so that their start-up overlaps
   * the main thread's rather than blocking it at `pthread_create`.
   */
  eager?: boolean;
  /** Called with emscripten's `load` message (it carries `wasmMemory`). */
  onLoad?: (message: Record<string, unknown>) => void;
}

/** True for emscripten's `{cmd: "load", …}` message. */
function isLoad(message: unknown): boolean {
  return (message as { cmd?: unknown } | null)?.cmd === "load";
}

/**
 * The part of a `node:worker_threads` Worker that emscripten's pthread code
 * uses (`on`, `postMessage`, `ref`, `unref`, `terminate`), backed by a real
 * worker from `start` once there is work for it. Emscripten also stores its
 * own fields on the object (`onmessage`, `loaded`, `pthread_ptr`, …).
 */
export class LazyPthreadWorker {
  [field: string]: unknown;
  readonly #start: () => NodeWorker;
  readonly #options: LazyPthreadOptions;
  readonly #listeners = new Map<string, Listener[]>();
  #worker: NodeWorker | undefined;
  #load: Message | undefined;
  #loadedSeen = false;
  #referenced = true;

  /**
   * @param start creates the real worker (called at most once)
   * @param options when to start it, and a hook for the `load` message
   */
  constructor(start: () => NodeWorker, options: LazyPthreadOptions = {}) {
    this.#start = start;
    this.#options = options;
  }

  /** True once the real worker exists (for tests and diagnostics). */
  get started(): boolean {
    return this.#worker !== undefined;
  }

  /** Adds a listener for `message`, `error`, `exit` or another worker event. */
  on(event: string, listener: Listener): this {
    const list = this.#listeners.get(event) ?? [];
    list.push(listener);
    this.#listeners.set(event, list);
    return this;
  }

  /** Queues `message` for the thread, starting it unless this is the first `load`. */
  postMessage(message: unknown, transfer?: Transfer): void {
    if (
      this.#worker === undefined && this.#load === undefined && isLoad(message)
    ) {
      this.#load = [message, transfer];
      this.#options.onLoad?.(message as Record<string, unknown>);
      if (this.#options.eager) this.#startWorker();
      // Asynchronous like a real worker's reply, so emscripten's bookkeeping
      // of workers still loading runs in the order it expects.
      setTimeout(() => this.#emit("message", { cmd: "loaded" }), 0);
      return;
    }
    (this.#worker ?? this.#startWorker()).postMessage(message, transfer);
  }

  /** Lets the process exit while the thread is idle (emscripten's `unref`). */
  unref(): void {
    this.#referenced = false;
    this.#worker?.unref();
  }

  /** Keeps the process alive while the thread works (emscripten's `ref`). */
  ref(): void {
    this.#referenced = true;
    this.#worker?.ref();
  }

  /** Stops the real worker, if there is one. */
  terminate(): Promise<number> {
    return this.#worker?.terminate() ?? Promise.resolve(0);
  }

  #emit(event: string, value: unknown): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(value);
  }

  #startWorker(): NodeWorker {
    const worker = this.#start();
    this.#worker = worker;
    if (!this.#referenced) worker.unref();
    worker.on("message", (message: unknown) => {
      const cmd = (message as { cmd?: unknown } | null)?.cmd;
      if (this.#load && !this.#loadedSeen && cmd === "loaded") {
        this.#loadedSeen = true;
        return;
      }
      this.#emit("message", message);
    });
    for (const event of ["error", "exit"]) {
      worker.on(event, (value: unknown) => this.#emit(event, value));
    }
    if (this.#load) worker.postMessage(this.#load[0], this.#load[1]);
    return worker;
  }
}
