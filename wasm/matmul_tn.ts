// `aᵀ · b` for a narrow `b` (AssemblyScript; see simd_kernels.ts), behind
// lib/backend/wasm_kernels/matmul.ts: a dense layer's weight gradient,
// `xᵀ · dy` with thousands of inputs and a few outputs.

import { madd } from "./lanes";

/**
 * `out[i, j] = Σ_k a[k, i] · b[k, j]` for rows `i0 … i1` of `out`: `a`
 * `[K, M]`, `b` `[K, 12]` (the real `n ≤ 12` columns, then zeros), `out`
 * `[M, n]`. Four rows of `out` × twelve columns are twelve sums in
 * registers; per `k` one vector of `a` and twelve broadcast values of `b`,
 * twelve multiply-adds. Reading `a` down its columns visits one cache line
 * per row for four blocks in a row, which stay in L1 meanwhile.
 */
export function matmulTN12(
  a: usize,
  b: usize,
  out: usize,
  m: i32,
  kdim: i32,
  n: i32,
  i0: i32,
  i1: i32,
): void {
  const rowA = <usize> m << 2;
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0;
    let s6 = s0, s7 = s0, s8 = s0, s9 = s0, s10 = s0, s11 = s0;
    let pa = a + (<usize> i << 2);
    let pb = b;
    for (let k = 0; k < kdim; k++) {
      const v = v128.load(pa);
      s0 = madd(s0, v, v128.load32_splat(pb));
      s1 = madd(s1, v, v128.load32_splat(pb, 4));
      s2 = madd(s2, v, v128.load32_splat(pb, 8));
      s3 = madd(s3, v, v128.load32_splat(pb, 12));
      s4 = madd(s4, v, v128.load32_splat(pb, 16));
      s5 = madd(s5, v, v128.load32_splat(pb, 20));
      s6 = madd(s6, v, v128.load32_splat(pb, 24));
      s7 = madd(s7, v, v128.load32_splat(pb, 28));
      s8 = madd(s8, v, v128.load32_splat(pb, 32));
      s9 = madd(s9, v, v128.load32_splat(pb, 36));
      s10 = madd(s10, v, v128.load32_splat(pb, 40));
      s11 = madd(s11, v, v128.load32_splat(pb, 44));
      pa += rowA;
      pb += 48;
    }
    // Column j of the block is lane r of s_j: out[i + r, j].
    const q = out + (<usize> (i * n) << 2);
    storeColumn(q, n, 0, s0);
    storeColumn(q, n, 1, s1);
    storeColumn(q, n, 2, s2);
    storeColumn(q, n, 3, s3);
    storeColumn(q, n, 4, s4);
    storeColumn(q, n, 5, s5);
    storeColumn(q, n, 6, s6);
    storeColumn(q, n, 7, s7);
    storeColumn(q, n, 8, s8);
    storeColumn(q, n, 9, s9);
    storeColumn(q, n, 10, s10);
    storeColumn(q, n, 11, s11);
  }
  // The last 1–3 rows, one sum at a time.
  for (; i < i1; i++) {
    for (let j = 0; j < n; j++) {
      let s: f32 = 0;
      for (let k = 0; k < kdim; k++) {
        s += load<f32>(a + (<usize> (k * m + i) << 2)) *
          load<f32>(b + (<usize> (k * 12 + j) << 2));
      }
      store<f32>(out + (<usize> (i * n + j) << 2), s);
    }
  }
}

/** Stores the 4 lanes of `s` as column `j` of four rows of `out` (`n` wide), if `j < n`. */
function storeColumn(q: usize, n: i32, j: i32, s: v128): void {
  if (j >= n) return;
  const row = <usize> n << 2;
  const p = q + (<usize> j << 2);
  store<f32>(p, f32x4.extract_lane(s, 0));
  store<f32>(p + row, f32x4.extract_lane(s, 1));
  store<f32>(p + 2 * row, f32x4.extract_lane(s, 2));
  store<f32>(p + 3 * row, f32x4.extract_lane(s, 3));
}
