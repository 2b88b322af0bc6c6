/**
 * Global seeding, like `keras.utils.set_random_seed`: one call makes weight
 * initialisation and per-epoch shuffling repeatable.
 *
 * @module
 */

let state: number | undefined;

/** A deterministic generator of floats in [0, 1) (mulberry32). */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Seeds every random choice the library makes from now on: initialisers of
 * layers created afterwards and the default shuffle seed of `fit`.
 *
 * @example
 * ```ts
 * setRandomSeed(42);
 * const a = Dense(4); // same initial weights on every run
 * ```
 */
export function setRandomSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0) {
    throw new RangeError(
      `setRandomSeed: expected a non-negative integer, got ${seed}.`,
    );
  }
  state = seed >>> 0;
}

/** Clears the global seed: initialisers and shuffles become random again. */
export function clearRandomSeed(): void {
  state = undefined;
}

/**
 * The next derived seed, or `undefined` when no global seed is set (then
 * callers fall back to fresh randomness). Each call advances the sequence,
 * so two layers never share a seed.
 */
export function nextSeed(): number | undefined {
  if (state === undefined) return undefined;
  const rng = seededRng(state);
  const out = Math.floor(rng() * 2147483647);
  state = (state + 0x9e3779b9) >>> 0;
  return out;
}
