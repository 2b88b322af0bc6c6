/**
 * Worker of tools/perf/peak.ts: instantiates the multiply-add module it is
 * sent, lets V8 tier it up to its optimising compiler (a wasm call that is
 * already running never switches tiers), then times `iterations` and posts
 * the milliseconds back.
 *
 * @module
 */

/** What tools/perf/peak.ts sends. */
export interface PeakRequest {
  /** The compiled module's bytes. */
  binary: Uint8Array<ArrayBuffer>;
  /** Loop iterations to time (each 12 × 4 multiply-adds). */
  iterations: number;
}

type MulAdd = (
  iterations: number,
  seed: number,
  factor: number,
  addend: number,
) => number;

/** The multiply-add's factor and addend (passed in, so they stay in registers). */
const FACTOR = 0.999999;
const ADDEND = 1e-7;

/** Warms `mulAdd` up in short calls, then times one long call. */
export async function timeMulAdd(request: PeakRequest): Promise<number> {
  const { instance } = await WebAssembly.instantiate(request.binary);
  const mulAdd = instance.exports.mulAdd as MulAdd;
  // Warm-up calls a thousandth of the timed one long (≤ 10⁴ iterations).
  const warm = Math.max(
    10,
    Math.min(1e4, Math.floor(request.iterations / 1000)),
  );
  for (let i = 0; i < 2000; i++) mulAdd(warm, 1, FACTOR, ADDEND);
  await new Promise((r) => setTimeout(r, 100)); // background tier-up
  for (let i = 0; i < 200; i++) mulAdd(warm, 1, FACTOR, ADDEND);
  const t0 = performance.now();
  mulAdd(request.iterations, 1, FACTOR, ADDEND);
  return performance.now() - t0;
}

if (!("document" in globalThis) && "postMessage" in globalThis) {
  const scope = globalThis as unknown as {
    onmessage: ((e: MessageEvent<PeakRequest>) => void) | null;
    postMessage(ms: number): void;
  };
  scope.onmessage = async (e) => scope.postMessage(await timeMulAdd(e.data));
}
