/**
 * The statistics of the divergence study (`divergence_study.ts`): a 95 %
 * Wilson score interval for one rate, and Fisher's exact test for two.
 *
 * Wilson rather than the normal ("Wald") interval because the rates are
 * small and the samples are tens of runs: Wald gives a zero-width interval
 * at 0/30 and can leave [0, 1]; Wilson does neither. Fisher rather than a
 * χ² test for the same reason (expected counts well under 5).
 *
 * @module
 */

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/** A closed interval of proportions. */
export interface Interval {
  /** Lower bound, in [0, 1]. */
  lo: number;
  /** Upper bound, in [0, 1]. */
  hi: number;
}

/**
 * Wilson score interval for `k` successes out of `n` trials (95 % by
 * default).
 *
 * @example
 * ```ts
 * wilson(0, 30); // { lo: 0, hi: 0.1135… }
 * ```
 */
export function wilson(k: number, n: number, z = Z95): Interval {
  if (!Number.isInteger(k) || !Number.isInteger(n) || n < 1 || k < 0 || k > n) {
    throw new RangeError(
      `wilson: need integers 0 ≤ k ≤ n, n ≥ 1; got ${k}/${n}`,
    );
  }
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) *
    Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  // At k = 0 or k = n the bound is exactly 0 or 1; rounding must not move it.
  return {
    lo: k === 0 ? 0 : Math.max(0, centre - half),
    hi: k === n ? 1 : Math.min(1, centre + half),
  };
}

/** ln(n!) by summation: exact enough, and n is at most a few hundred here. */
function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

/**
 * Two-sided p-value of Fisher's exact test on the 2×2 table
 * `[[a, b], [c, d]]` (rows: the two groups; columns: diverged, did not):
 * the probability, with the margins fixed, of every table at most as likely
 * as the observed one (as R's `fisher.test` and SciPy's `fisher_exact`
 * compute it, with the same relative tolerance for ties).
 *
 * @example
 * ```ts
 * fisherExact(1, 9, 11, 3); // 0.00276 (Wikipedia's worked example)
 * ```
 */
export function fisherExact(
  a: number,
  b: number,
  c: number,
  d: number,
): number {
  for (const v of [a, b, c, d]) {
    if (!Number.isInteger(v) || v < 0) {
      throw new RangeError(
        `fisherExact: counts must be non-negative integers; got ${[
          a,
          b,
          c,
          d,
        ]}`,
      );
    }
  }
  const row1 = a + b;
  const row2 = c + d;
  const col1 = a + c;
  const n = row1 + row2;
  const fixed = logFactorial(row1) + logFactorial(row2) + logFactorial(col1) +
    logFactorial(n - col1) - logFactorial(n);
  // P(top-left cell = x) under the hypergeometric law of the fixed margins.
  const prob = (x: number) =>
    Math.exp(
      fixed - logFactorial(x) - logFactorial(row1 - x) -
        logFactorial(col1 - x) - logFactorial(row2 - col1 + x),
    );
  const observed = prob(a);
  let p = 0;
  for (let x = Math.max(0, col1 - row2); x <= Math.min(row1, col1); x++) {
    const px = prob(x);
    if (px <= observed * (1 + 1e-7)) p += px;
  }
  return Math.min(1, p);
}
