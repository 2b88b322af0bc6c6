/**
 * The divergence study's statistics against published values: Newcombe's
 * (1998) table of Wilson intervals and Fisher's exact test on textbook
 * tables (computed independently with exact binomials).
 */
import assert from "node:assert/strict";
import { fisherExact, wilson, Z95 } from "../../tools/perf/divergence_stats.ts";
import { summarize, verdict } from "../../tools/perf/divergence_report.ts";

function close(actual: number, expected: number, tol: number, what: string) {
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${what}: ${actual} is not within ${tol} of ${expected}`,
  );
}

Deno.test("Wilson intervals match Newcombe (1998), table I, method 3", () => {
  // k/n → [lo, hi], four decimals as the paper prints them.
  const cases: [number, number, number, number][] = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];
  for (const [k, n, lo, hi] of cases) {
    const ci = wilson(k, n);
    close(ci.lo, lo, 5e-5, `${k}/${n} lower`);
    close(ci.hi, hi, 5e-5, `${k}/${n} upper`);
  }
  // At 0/n the upper bound has the closed form z²/(n + z²).
  close(wilson(0, 30).hi, Z95 ** 2 / (30 + Z95 ** 2), 1e-12, "0/30");
  assert.equal(wilson(30, 30).hi, 1);
  assert.throws(() => wilson(3, 2), RangeError);
});

Deno.test("Fisher's exact test matches exact hypergeometric sums", () => {
  close(fisherExact(1, 9, 11, 3), 0.002759456185220083, 1e-12, "1 9 / 11 3");
  close(fisherExact(4, 10, 2, 13), 0.38984674329501917, 1e-12, "4 10 / 2 13");
  close(fisherExact(0, 30, 5, 25), 0.052185548617305975, 1e-12, "0 30 / 5 25");
  // Equal rows: every table is at least as extreme, p = 1.
  assert.equal(fisherExact(3, 27, 3, 27), 1);
  // Symmetric in which group is which.
  close(fisherExact(11, 3, 1, 9), fisherExact(1, 9, 11, 3), 1e-15, "swap");
  assert.throws(() => fisherExact(-1, 2, 3, 4), RangeError);
});

Deno.test("a run diverges on a NaN/Inf loss or a loss above the threshold", () => {
  assert.equal(verdict([2.3, 1.9, 0.8], 10).diverged, false);
  assert.equal(verdict([2.3, 12, 2.2], 10).diverged, true);
  const nan = verdict([2.3, 5, NaN], 10);
  assert.deepEqual([nan.diverged, nan.nonFinite, nan.maxLoss], [true, true, 5]);
  assert.equal(verdict([2.3, Infinity], 10).nonFinite, true);
  const s = summarize([
    { seed: 0, ours: [2.3, NaN], torch: [2.3, 1.0] },
    { seed: 1, ours: [2.31, 1.0], torch: [2.3100004, 1.0] },
  ], 10);
  assert.deepEqual([s.ours.diverged, s.torch.diverged], [1, 0]);
  assert.equal(s.ours.nonFinite, 1);
  close(s.maxFirstDelta, 4e-7, 1e-9, "first-batch |Δ|");
  close(s.fisherP, 1, 1e-12, "1/2 vs 0/2");
});
