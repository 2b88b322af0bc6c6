/**
 * Picks and starts the fastest tfjs backend this machine offers.
 *
 * Order: `webgpu` on a hardware GPU adapter, else `wasm` with the training
 * kernels of `wasm_training.ts`, else `cpu`. `CNN_BACKEND=webgpu|wasm|cpu`
 * forces one (a software WebGPU adapter such as Mesa's llvmpipe is only used
 * when forced). `wasm` runs XNNPACK on every CPU thread (`CNN_THREADS=n`
 * changes that; see `wasm_threads.ts`). One line says what was chosen.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { type AdapterProbe, probeAdapter } from "./adapter.ts";
import { registerWasmTrainingKernels } from "./wasm_training.ts";
import { restartHint, startWasm, wantedWasmThreads } from "./wasm_threads.ts";
import { StatusLine, type StatusOptions } from "../host/status_line.ts";

/** Backends the course can run on. */
export const BACKENDS = ["webgpu", "wasm", "cpu"] as const;
/** One of {@link BACKENDS}. */
export type BackendName = typeof BACKENDS[number];

/** Options for {@link useBestBackend}. */
export interface BackendOptions {
  /** Force a backend (overrides `CNN_BACKEND`). */
  backend?: BackendName;
  /** Do not print the one-line summary (nor the status line while starting). */
  quiet?: boolean;
  /** Where the live "Starting …" line goes (tests inject it); default: see `status_line.ts`. */
  status?: StatusOptions;
}

/** The live line shown while the backend starts (0.2–1.5 s, longest inside Jupyter). */
export const STARTING_BACKEND = "Starting the TensorFlow.js backend...";

/** {@link choose} with the live status line around it. */
async function chooseShowing(opts: BackendOptions): Promise<BackendChoice> {
  // Awaited before starting: the wasm start blocks the thread until its
  // threads are up, and the kernel would only send the line afterwards.
  const line = opts.quiet
    ? undefined
    : await StatusLine.show(STARTING_BACKEND, opts.status);
  try {
    return await choose(opts);
  } finally {
    await line?.clear();
  }
}

/** What {@link useBestBackend} chose. */
export interface BackendChoice {
  /** The tfjs backend name. */
  name: BackendName;
  /** Adapter description (webgpu) or CPU threads (wasm/cpu). */
  detail: string;
}

let chosen: Promise<BackendChoice> | undefined;
let chosenNow: BackendChoice | undefined;

/** The backend chosen by {@link useBestBackend}, or `undefined` before it finished. */
export function chosenBackend(): BackendChoice | undefined {
  return chosenNow;
}

/**
 * tfjs-backend-cpu prints a "running TensorFlow.js in Node.js … install
 * tfjs-node" banner on its first tensor under Deno; tfjs-node does not apply
 * here, so mark the banner as already shown.
 */
export function silenceNodeBanner(): void {
  const cpu = tf.findBackend("cpu") as unknown as { firstUse?: boolean } | null;
  if (cpu !== null) cpu.firstUse = false;
}

// Code that switches to `cpu` without going through useBestBackend (tests,
// tools comparing backends) would otherwise still print the banner.
silenceNodeBanner();

function forcedFromEnv(): BackendName | undefined {
  let raw: string | undefined;
  try {
    raw = Deno.env.get("CNN_BACKEND");
  } catch {
    return undefined; // no env permission: nothing forced
  }
  if (raw === undefined || raw.trim() === "") return undefined;
  const name = raw.trim().toLowerCase();
  if (!(BACKENDS as readonly string[]).includes(name)) {
    throw new Error(
      `CNN_BACKEND="${raw}" is not a backend; use one of ${
        BACKENDS.join(", ")
      } (or unset it). ${restartHint("CNN_BACKEND", "wasm")}`,
    );
  }
  return name as BackendName;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

async function start(
  name: BackendName,
  wasmThreads: number,
  probe?: AdapterProbe,
): Promise<BackendChoice> {
  if (name === "webgpu") {
    await import("@tensorflow/tfjs-backend-webgpu");
  }
  if (name === "wasm") {
    await import("@tensorflow/tfjs-backend-wasm");
    registerWasmTrainingKernels();
  }
  const cpuThreads = navigator.hardwareConcurrency ?? 1;
  if (name === "wasm") {
    const { threads, note } = await startWasm(wasmThreads);
    await tf.ready();
    return {
      name,
      detail: `XNNPACK SIMD, ${plural(threads, "thread")} of ${
        plural(cpuThreads, "CPU thread")
      }${note ? `; ${note}` : ""}`,
    };
  }
  let ok = false;
  let error = "";
  try {
    ok = await tf.setBackend(name);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  if (!ok) throw new Error(error || `tf.setBackend("${name}") returned false`);
  await tf.ready();
  const detail = name === "webgpu"
    ? `${probe?.description ?? "WebGPU adapter"}${
      probe?.software ? " (software adapter)" : ""
    }`
    : `plain JavaScript, 1 thread of ${plural(cpuThreads, "CPU thread")}`;
  return { name, detail };
}

async function choose(opts: BackendOptions): Promise<BackendChoice> {
  silenceNodeBanner();
  const forced = opts.backend ?? forcedFromEnv();
  const wasmThreads = wantedWasmThreads(); // a bad CNN_THREADS fails here, clearly
  const tried: string[] = [];
  const order: BackendName[] = forced ? [forced] : [...BACKENDS];
  for (const name of order) {
    let probe: AdapterProbe | undefined;
    if (name === "webgpu") {
      probe = await probeAdapter();
      if (!probe.found) {
        tried.push(`webgpu (${probe.reason})`);
        continue;
      }
      if (probe.software && !forced) {
        tried.push(
          `webgpu (skipped: software adapter "${probe.description}"; CNN_BACKEND=webgpu forces it)`,
        );
        continue;
      }
    }
    try {
      return await start(name, wasmThreads, probe);
    } catch (e) {
      tried.push(`${name} (${e instanceof Error ? e.message : e})`);
    }
  }
  const what = forced
    ? `The requested backend "${forced}" could not start`
    : "No tfjs backend could start";
  const hint = forced
    ? ` Unset CNN_BACKEND to pick automatically, or choose another of webgpu, wasm, cpu. ${
      opts.backend ? "" : restartHint("CNN_BACKEND", "wasm")
    }`
    : "";
  throw new Error(`${what}. Tried: ${tried.join("; ")}.${hint}`);
}

/**
 * Picks, starts and returns the best backend; the first call decides, later
 * calls return the same promise. Prints one line such as
 * `Backend: wasm (XNNPACK SIMD, 2 threads of 2 CPU threads)`.
 *
 * @example
 * ```ts
 * const name = await useBestBackend(); // "webgpu" on a GPU, else "wasm"
 * ```
 */
export function useBestBackend(opts: BackendOptions = {}): Promise<string> {
  chosen ??= chooseShowing(opts).then((choice) => {
    chosenNow = choice;
    if (!opts.quiet) console.log(`Backend: ${choice.name} (${choice.detail})`);
    return choice;
  }).catch((e) => {
    chosen = undefined; // let a later call (e.g. after fixing CNN_BACKEND) retry
    throw e;
  });
  return chosen.then((c) => c.name);
}
