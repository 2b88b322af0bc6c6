/**
 * Backend selection and the trainable, multithreaded wasm backend
 * (`CNN_THREADS=n` sets wasm's threads; default every CPU thread, at most 8).
 * With n threads, XNNPACK runs on n and our SIMD kernels on the caller plus
 * n − 1 helper threads that share tfjs's heap (`simd/simd_helpers.ts`).
 *
 * Max-pool tie rule: when several values in a pooling window are equal
 * maxima, `cpu` and our `wasm` `MaxPoolGrad` send the whole gradient to the
 * first one in row-major window order; tfjs's `webgpu` backend sends it to the
 * last one (checked in `test/backend/max_pool_tie_rule_test.ts`). Losses and accuracies agree, but
 * individual gradients of tied windows can differ between backends (real
 * images after a ReLU have many tied zeros).
 *
 * @module
 */
export {
  type BackendChoice,
  type BackendName,
  type BackendOptions,
  BACKENDS,
  chosenBackend,
  silenceNodeBanner,
  useBestBackend,
} from "./select.ts";
export { type AdapterProbe, probeAdapter } from "./adapter.ts";
export {
  registerWasmTrainingKernels,
  WASM_TRAINING_KERNELS,
  wasmHeapBytes,
} from "./wasm_training.ts";
export {
  MAX_WASM_THREADS,
  startWasm,
  wantedWasmThreads,
} from "./wasm_threads.ts";
