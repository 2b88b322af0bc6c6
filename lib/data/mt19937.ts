/**
 * numpy's legacy `RandomState`: the MT19937 generator with numpy's integer
 * seeding, bounded integers by masked rejection (`random_interval`) and the
 * Fisher–Yates `shuffle`/`permutation` — reproduced bit for bit so that
 * `trainTestSplit` matches scikit-learn exactly.
 *
 * @module
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/**
 * The subset of `numpy.random.RandomState` that scikit-learn's splitters use.
 *
 * @example
 * ```ts
 * new RandomState(42).permutation(10); // Int32Array [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]
 * ```
 */
export class RandomState {
  readonly #mt = new Uint32Array(N);
  #pos = N;

  /**
   * Seeds the generator as numpy does for an integer seed.
   *
   * @param seed integer in [0, 2**32 - 1], like `np.random.RandomState(seed)`;
   *   omitted → a fresh seed from `crypto.getRandomValues`.
   */
  constructor(seed?: number) {
    if (seed === undefined) {
      seed = crypto.getRandomValues(new Uint32Array(1))[0];
    }
    if (!Number.isInteger(seed)) {
      throw new TypeError(
        `${seed} cannot be used to seed a RandomState instance: use an integer in [0, 2**32 - 1].`,
      );
    }
    if (seed < 0 || seed > 0xffffffff) {
      throw new RangeError(
        `Seed must be between 0 and 2**32 - 1 (got ${seed}).`,
      );
    }
    // numpy's mt19937_seed (Knuth's init_genrand).
    const mt = this.#mt;
    mt[0] = seed;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1];
      mt[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i;
    }
    this.#pos = N;
  }

  /** Next raw 32-bit output (numpy's `next_uint32`), as a non-negative number. */
  nextUint32(): number {
    if (this.#pos >= N) this.#reload();
    let y = this.#mt[this.#pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * Uniform integer in [0, max] by numpy's masked rejection sampling
   * (`random_interval`); `max` must fit in 32 bits.
   */
  interval(max: number): number {
    if (max === 0) return 0;
    if (!Number.isInteger(max) || max < 0 || max > 0xffffffff) {
      throw new RangeError(
        `interval(max) needs an integer max in [0, 2**32 - 1], got ${max}.`,
      );
    }
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do {
      value = (this.nextUint32() & mask) >>> 0;
    } while (value > max);
    return value;
  }

  /** In-place shuffle exactly like numpy's legacy `RandomState.shuffle` on a 1-D array. */
  shuffle<T extends { length: number; [i: number]: number }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }

  /** `np.random.RandomState.permutation(n)`: a shuffled `arange(n)`. */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
      throw new RangeError(
        `permutation(n) needs a non-negative integer n, got ${n}.`,
      );
    }
    const arr = new Int32Array(n);
    for (let i = 0; i < n; i++) arr[i] = i;
    return this.shuffle(arr);
  }

  #reload(): void {
    const mt = this.#mt;
    let kk = 0;
    let y: number;
    for (; kk < N - M; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < N - 1; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.#pos = 0;
  }
}
