/**
 * Test helper: prepares the backends as `useBestBackend()` would — the wasm
 * training kernels, the threaded wasm backend (`CNN_THREADS` threads, default
 * every CPU thread), webgpu when an adapter exists — and leaves `cpu` current.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { type AdapterProbe, probeAdapter } from "../../lib/backend/adapter.ts";
import { silenceNodeBanner } from "../../lib/backend/select.ts";
import { registerWasmTrainingKernels } from "../../lib/backend/wasm_training.ts";
import {
  startWasm,
  wantedWasmThreads,
} from "../../lib/backend/wasm_threads.ts";

/** What {@link setUpBackends} found. */
export interface TestBackends {
  /** Threads the wasm backend uses. */
  wasmThreads: number;
  /** The WebGPU adapter probe (webgpu tests are skipped when none is found). */
  webgpu: AdapterProbe;
}

/** Starts wasm (threaded) and webgpu (if any) once; `cpu` is current afterwards. */
export async function setUpBackends(): Promise<TestBackends> {
  registerWasmTrainingKernels();
  silenceNodeBanner();
  const { threads } = await startWasm(wantedWasmThreads());
  const webgpu = await probeAdapter();
  if (webgpu.found) await import("@tensorflow/tfjs-backend-webgpu");
  await tf.setBackend("cpu");
  silenceNodeBanner();
  return { wasmThreads: threads, webgpu };
}
