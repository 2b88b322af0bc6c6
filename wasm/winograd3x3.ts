// 3×3 stride-1 convolution by Winograd's minimal filtering F(2×2, 3×3)
// (Lavin & Gray 2015; AssemblyScript, see simd_kernels.ts), behind
// lib/backend/wasm_kernels/winograd.ts. Each 2×2 block of outputs comes from
// a 4×4 input tile: the tiles of one row of blocks are transformed
// (`U = Bᵀ·d·B`), each of the 16 tile positions is one small matrix product
// with the transformed filter (`M = U·G`), and `Y = Aᵀ·M·A` gives the
// outputs: 16 multiply-adds per input channel and output channel for four
// outputs, where the direct convolution spends 36. The row's `U` and `M`
// (a few tens of kilobytes) stay in cache between the three steps.

import { activate, madd, storeLanes } from "./lanes";
import { inputTile } from "./winograd_tiles";

/** `m0 + m1 + m2` of the four positions at `q`, `step` bytes apart. */
function sum3(q: usize, step: usize): v128 {
  return f32x4.add(
    f32x4.add(v128.load(q), v128.load(q + step)),
    v128.load(q + 2 * step),
  );
}

/** `m1 − m2 − m3` of the four positions at `q`, `step` bytes apart. */
function diff3(q: usize, step: usize): v128 {
  return f32x4.sub(
    f32x4.sub(v128.load(q + step), v128.load(q + 2 * step)),
    v128.load(q + 3 * step),
  );
}

/**
 * `M[t, co…co+7] = Σ_k U[t, k]·G[k, co…co+7]` for four tiles `t` of one
 * position: `u` (`uRow` bytes between tiles), `g` (`gRow` bytes between
 * input channels), `m` (`mRow` bytes between tiles).
 */
function product4(
  u: usize,
  uRow: usize,
  g: usize,
  gRow: usize,
  m: usize,
  mRow: usize,
  cin: i32,
): void {
  const zero = f32x4.splat(0);
  let a0 = zero, a1 = zero, c0 = zero, c1 = zero;
  let d0 = zero, d1 = zero, e0 = zero, e1 = zero;
  let p = u, w = g;
  const end = u + (<usize> cin << 2);
  // Two input channels per iteration (cin is a multiple of 4): the loop's
  // own instructions would otherwise take issue slots from the multiply-adds.
  for (; p < end; p += 8) {
    let f0 = v128.load(w);
    let f1 = v128.load(w, 16);
    let s = v128.load32_splat(p);
    a0 = madd(a0, s, f0);
    a1 = madd(a1, s, f1);
    s = v128.load32_splat(p + uRow);
    c0 = madd(c0, s, f0);
    c1 = madd(c1, s, f1);
    s = v128.load32_splat(p + 2 * uRow);
    d0 = madd(d0, s, f0);
    d1 = madd(d1, s, f1);
    s = v128.load32_splat(p + 3 * uRow);
    e0 = madd(e0, s, f0);
    e1 = madd(e1, s, f1);
    f0 = v128.load(w + gRow);
    f1 = v128.load(w + gRow, 16);
    s = v128.load32_splat(p, 4);
    a0 = madd(a0, s, f0);
    a1 = madd(a1, s, f1);
    s = v128.load32_splat(p + uRow, 4);
    c0 = madd(c0, s, f0);
    c1 = madd(c1, s, f1);
    s = v128.load32_splat(p + 2 * uRow, 4);
    d0 = madd(d0, s, f0);
    d1 = madd(d1, s, f1);
    s = v128.load32_splat(p + 3 * uRow, 4);
    e0 = madd(e0, s, f0);
    e1 = madd(e1, s, f1);
    w += 2 * gRow;
  }
  v128.store(m, a0);
  v128.store(m, a1, 16);
  v128.store(m + mRow, c0);
  v128.store(m + mRow, c1, 16);
  v128.store(m + 2 * mRow, d0);
  v128.store(m + 2 * mRow, d1, 16);
  v128.store(m + 3 * mRow, e0);
  v128.store(m + 3 * mRow, e1, 16);
}

/**
 * `y[n,oy,ox,co] = act(bias[co] + Σ xp[n, oy + ky, ox + kx, ci]·w[ky,kx,ci,co])`
 * for images `n0 … n1`, 3×3 filters, stride 1: `xp` zero-padded NHWC
 * `[N,hp,wp,cin]` (`cin` a multiple of 4) with `hp ≥ 2·⌈oh/2⌉ + 2` and
 * `wp ≥ 2·tiles + 2`, `tiles` = ⌈ow/2⌉ rounded up to a multiple of 4; `gw`
 * the transformed filter `[16,cin,cop]` and `bias` `[cop]` (`cop` a multiple
 * of 8, zeros past `cout`); `y` `[N,oh,ow,cout]`; `scratch` `16·tiles·(cin +
 * cop) + 512` free floats; `relu` 1 for ReLU.
 */
export function winograd3x3(
  xp: usize,
  gw: usize,
  bias: usize,
  y: usize,
  scratch: usize,
  n0: i32,
  n1: i32,
  hp: i32,
  wp: i32,
  cin: i32,
  oh: i32,
  ow: i32,
  cout: i32,
  cop: i32,
  tiles: i32,
  relu: i32,
): void {
  const act = relu != 0;
  const px = <usize> cin << 2; // bytes between input pixels
  const row = <usize> wp * px; // bytes between input rows
  const uRow = px; // U[ξ][t][c]: bytes between tiles
  // Positions 64 bytes more than a multiple of the rows apart, so that the
  // sixteen of one tile do not all fall in the same L1 cache sets.
  const uPos = <usize> tiles * uRow + 64; // bytes between positions ξ
  const mRow = <usize> cop << 2; // M[ξ][t][co]
  const mPos = <usize> tiles * mRow + 64;
  const u = scratch;
  const m = scratch + 16 * uPos;
  const gPos = <usize> cin * mRow; // bytes between the filter's positions
  const outPx = <usize> cout << 2;
  for (let n = n0; n < n1; n++) {
    for (let oy = 0; oy < oh; oy += 2) {
      const xRow = xp + <usize> (n * hp + oy) * row;
      for (let t = 0; t < tiles; t++) {
        const p = xRow + <usize> (2 * t) * px;
        for (let c = 0; c < cin; c += 4) {
          inputTile(
            p + (<usize> c << 2),
            row,
            px,
            u + <usize> t * uRow + (<usize> c << 2),
            uPos,
          );
        }
      }
      for (let xi: usize = 0; xi < 16; xi++) {
        for (let co = 0; co < cop; co += 8) {
          const g = gw + xi * gPos + (<usize> co << 2);
          for (let t = 0; t < tiles; t += 4) {
            product4(
              u + xi * uPos + <usize> t * uRow,
              uRow,
              g,
              mRow,
              m + xi * mPos + <usize> t * mRow + (<usize> co << 2),
              mRow,
              cin,
            );
          }
        }
      }
      // Y = Aᵀ·M·A, with Aᵀ = [1 1 1 0; 0 1 −1 −1] on both sides.
      const yRow = y + <usize> (n * oh + oy) * <usize> ow * outPx;
      const twoRows = oy + 1 < oh;
      for (let t = 0; t < tiles; t++) {
        const ox = 2 * t;
        if (ox >= ow) break;
        const twoCols = ox + 1 < ow;
        for (let co = 0; co < cout; co += 4) {
          const b = v128.load(bias + (<usize> co << 2));
          const base = m + <usize> t * mRow + (<usize> co << 2);
          // Column a of M (positions a·4 + b): s0 feeds output row 0, s1 row 1;
          // columns 0–2 feed output column 0, columns 1–3 column 1.
          let q = base;
          let s0 = sum3(q, mPos), s1 = diff3(q, mPos);
          let y00 = f32x4.add(b, s0), y10 = f32x4.add(b, s1);
          q += 4 * mPos;
          s0 = sum3(q, mPos);
          s1 = diff3(q, mPos);
          y00 = f32x4.add(y00, s0);
          y10 = f32x4.add(y10, s1);
          let y01 = f32x4.add(b, s0), y11 = f32x4.add(b, s1);
          q += 4 * mPos;
          s0 = sum3(q, mPos);
          s1 = diff3(q, mPos);
          y00 = f32x4.add(y00, s0);
          y10 = f32x4.add(y10, s1);
          y01 = f32x4.sub(y01, s0);
          y11 = f32x4.sub(y11, s1);
          q += 4 * mPos;
          y01 = f32x4.sub(y01, sum3(q, mPos));
          y11 = f32x4.sub(y11, diff3(q, mPos));
          const lanes = min(4, cout - co);
          const out = yRow + <usize> ox * outPx + (<usize> co << 2);
          storeLanes(out, activate(y00, act), lanes);
          if (twoCols) storeLanes(out + outPx, activate(y01, act), lanes);
          if (twoRows) {
            const q1 = out + <usize> ow * outPx;
            storeLanes(q1, activate(y10, act), lanes);
            if (twoCols) storeLanes(q1 + outPx, activate(y11, act), lanes);
          }
        }
      }
    }
  }
}
