/**
 * This machine's measured peak of f32 SIMD multiply-add throughput in wasm,
 * the denominator of `deno task bench`'s "% of peak": a small AssemblyScript
 * module (`wasm/bench/peak_madd.ts`, twelve independent multiply-add chains
 * on `f32x4`) compiled here, run on `threads` workers at once; the best of
 * `rounds` runs (on a shared machine the least disturbed run is the closest
 * to the hardware's rate). Built twice: SIMD128 (`mul` + `add`) and relaxed
 * SIMD (`relaxed_madd`, fused where the CPU has FMA), the latter only where
 * the engine validates it; the peak is the faster.
 *
 * Usage: deno run -A tools/perf/peak.ts [--threads N] [--rounds 3]
 *
 * @module
 */
import { compileAssemblyScript } from "../wasm/compile_as.ts";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import type { PeakRequest } from "./peak_worker.ts";

/** Floating-point operations per loop iteration: 12 chains × 4 lanes × (mul + add). */
export const FLOPS_PER_ITERATION = 12 * 4 * 2;

const SOURCE = fileURLToPath(
  new URL("../../wasm/bench/peak_madd.ts", import.meta.url),
);

/** The two builds of the multiply-add loop. */
export type PeakVariant = "simd128" | "relaxed-simd";

/** Compiles the multiply-add module for `variant`. */
export function compilePeak(
  variant: PeakVariant,
): Promise<Uint8Array<ArrayBuffer>> {
  const features = variant === "simd128" ? "simd" : "simd,relaxed-simd";
  return compileAssemblyScript(
    SOURCE,
    ["-O3", "--runtime", "stub", "--noAssert", "--enable", features],
    variant,
  );
}

/** Runs the loop on `threads` workers at once; returns the GFLOP/s of all together. */
export async function runOnWorkers(
  binary: Uint8Array<ArrayBuffer>,
  threads: number,
  iterations: number,
): Promise<number> {
  const url = new URL("./peak_worker.ts", import.meta.url);
  const workers = Array.from(
    { length: threads },
    () => new Worker(url, { type: "module" }),
  );
  try {
    const times = await Promise.all(
      workers.map((w) =>
        new Promise<number>((resolve, reject) => {
          w.onmessage = (e: MessageEvent<number>) => resolve(e.data);
          w.onerror = (e) => {
            e.preventDefault();
            reject(new Error(`peak worker failed: ${e.message}`));
          };
          w.postMessage({ binary, iterations } satisfies PeakRequest);
        })
      ),
    );
    // Every worker did the same work; the slowest bounds the rate of all.
    return threads * iterations * FLOPS_PER_ITERATION /
      Math.max(...times) / 1e6;
  } finally {
    workers.forEach((w) => w.terminate());
  }
}

/** The measured peak: each variant's best GFLOP/s and the faster one. */
export interface Peak {
  /** Threads that ran at once. */
  threads: number;
  /** SIMD128 `mul` + `add`, all threads together. */
  simd128: number;
  /** Relaxed SIMD `relaxed_madd`; undefined where the engine lacks it. */
  relaxed: number | undefined;
  /** The faster of the two: the denominator of "% of peak". */
  gflops: number;
}

/** Measures the peak on `threads` threads, best of `rounds`. */
export async function measurePeak(
  threads: number,
  rounds = 3,
  iterations = 2e7,
): Promise<Peak> {
  const best = async (binary: Uint8Array<ArrayBuffer>) => {
    let top = 0;
    for (let r = 0; r < rounds; r++) {
      top = Math.max(top, await runOnWorkers(binary, threads, iterations));
    }
    return top;
  };
  const simd128 = await best(await compilePeak("simd128"));
  const relaxedBinary = await compilePeak("relaxed-simd");
  const relaxed = WebAssembly.validate(relaxedBinary)
    ? await best(relaxedBinary)
    : undefined;
  return {
    threads,
    simd128,
    relaxed,
    gflops: Math.max(simd128, relaxed ?? 0),
  };
}

/** One line describing `peak`. */
export function describePeak(peak: Peak): string {
  return `wasm f32 SIMD multiply-add peak, ${peak.threads} thread(s): ` +
    `${peak.gflops.toFixed(1)} GFLOP/s (SIMD128 mul+add ${
      peak.simd128.toFixed(1)
    }, relaxed madd ${
      peak.relaxed === undefined ? "unsupported" : peak.relaxed.toFixed(1)
    })`;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      threads: { type: "string", default: `${navigator.hardwareConcurrency}` },
      rounds: { type: "string", default: "3" },
    },
  });
  console.log(
    describePeak(
      await measurePeak(Number(values.threads), Number(values.rounds)),
    ),
  );
}
