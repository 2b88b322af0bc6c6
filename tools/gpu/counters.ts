/**
 * Counters on the `webgpu` backend for the read test and the dispatch
 * report: GPU→CPU reads (`read`/`readSync` of a tensor whose values are not
 * already on the CPU), real compute dispatches (`recordAndSubmit`) and tfjs
 * kernel calls (the engine's `runKernelFunc`, gradients included).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** A running counter; `stop()` restores the wrapped method. */
export interface Counter {
  /** Calls counted so far. */
  count(): number;
  /** Unwraps the method (counting stops). */
  stop(): void;
}

type Method = (...args: unknown[]) => unknown;

function wrap(
  target: Record<string, unknown>,
  names: string[],
  counts: (self: Record<string, unknown>, args: unknown[]) => boolean,
): Counter {
  let n = 0;
  const originals = names.map((name) => {
    const original = target[name] as Method;
    if (typeof original !== "function") {
      throw new Error(`the backend has no ${name}(); tfjs changed?`);
    }
    target[name] = function (
      this: Record<string, unknown>,
      ...args: unknown[]
    ) {
      if (counts(this, args)) n++;
      return original.apply(this, args);
    };
    return [name, original] as const;
  });
  return {
    count: () => n,
    stop: () => {
      for (const [name, original] of originals) target[name] = original;
    },
  };
}

function webgpuBackend(): Record<string, unknown> {
  const backend = tf.findBackend("webgpu");
  if (backend === null) throw new Error("the webgpu backend is not started");
  return backend as unknown as Record<string, unknown>;
}

/** Counts reads that download from the GPU (cached CPU values are not counted). */
export function countGpuReads(): Counter {
  return wrap(webgpuBackend(), ["read", "readSync"], (self, [dataId]) => {
    const map = self.tensorMap as Map<unknown, { values?: unknown }>;
    return map.get(dataId)?.values == null;
  });
}

/** Counts compute-shader dispatches recorded by the webgpu backend. */
export function countDispatches(): Counter {
  return wrap(webgpuBackend(), ["recordAndSubmit"], () => true);
}

/** Counts tfjs kernel calls on the current backend (forward and gradient). */
export function countKernels(): Counter {
  const engine = tf.engine() as unknown as Record<string, unknown>;
  return wrap(engine, ["runKernelFunc"], () => true);
}
