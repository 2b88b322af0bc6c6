// Filter gradient of a 3×3 stride-1 convolution by Winograd's F(3×3, 2×2)
// (AssemblyScript; see simd_kernels.ts), behind
// lib/backend/wasm_kernels/winograd_filter_grad.ts. The gradient
// `dW[ky,kx] = Σ x[oy + ky, ox + kx]·dy[oy, ox]` is the same trilinear form
// as the forward F(2×2, 3×3) with the roles of filter and output swapped: per
// 4×4 input tile `U = Bᵀ·x·B` (as the forward), per 2×2 block of `dy`
// `V = A·dy·Aᵀ`, and `M = Σ_tiles U ⊙ V` summed over every tile of every
// image, one product per position (`M[ξ] += U[ξ]ᵀ·V[ξ]`); the caller turns
// `M` into `dW = Gᵀ·M·G`. 16 multiply-adds per input and output channel per
// 2×2 block of `dy` instead of 36.

import { madd } from "./lanes";
import { inputTile } from "./winograd_tiles";

/** Four channels of `dy` at `q`, or zeros past the output's edge. */
function dyAt(q: usize, inside: bool): v128 {
  return inside ? v128.load(q) : f32x4.splat(0);
}

/**
 * `V = A·y·Aᵀ` of the 2×2 block `y00 y01 / y10 y11` (rows along the height)
 * into `v`, position `a·4 + b` at `v + (a·4 + b)·stride`: along each axis
 * `(p, q) → (p, p + q, p − q, −q)`.
 */
function dyTile(
  y00: v128,
  y01: v128,
  y10: v128,
  y11: v128,
  v: usize,
  stride: usize,
): void {
  // Along the height first: column j of the block gives h_j[b].
  const h00 = y00, h01 = f32x4.add(y00, y10), h02 = f32x4.sub(y00, y10);
  const h03 = f32x4.neg(y10);
  const h10 = y01, h11 = f32x4.add(y01, y11), h12 = f32x4.sub(y01, y11);
  const h13 = f32x4.neg(y11);
  // Then along the width: a = 0: h0; 1: h0 + h1; 2: h0 − h1; 3: −h1.
  v128.store(v, h00);
  v128.store(v + stride, h01);
  v128.store(v + 2 * stride, h02);
  v128.store(v + 3 * stride, h03);
  const o1 = v + 4 * stride;
  v128.store(o1, f32x4.add(h00, h10));
  v128.store(o1 + stride, f32x4.add(h01, h11));
  v128.store(o1 + 2 * stride, f32x4.add(h02, h12));
  v128.store(o1 + 3 * stride, f32x4.add(h03, h13));
  const o2 = v + 8 * stride;
  v128.store(o2, f32x4.sub(h00, h10));
  v128.store(o2 + stride, f32x4.sub(h01, h11));
  v128.store(o2 + 2 * stride, f32x4.sub(h02, h12));
  v128.store(o2 + 3 * stride, f32x4.sub(h03, h13));
  const o3 = v + 12 * stride;
  v128.store(o3, f32x4.neg(h10));
  v128.store(o3 + stride, f32x4.neg(h11));
  v128.store(o3 + 2 * stride, f32x4.neg(h12));
  v128.store(o3 + 3 * stride, f32x4.neg(h13));
}

/**
 * `m[ci + r, co … co+7] += Σ_t u[t, ci + r]·v[t, co … co+7]` for `r` = 0–3
 * over `count` tiles: `u` and `v` at input channel `ci` and output channel
 * `co` of the first tile (`uRow`, `vRow` bytes between tiles), `m` `mRow`
 * bytes between input channels.
 */
function accumulate4(
  u: usize,
  uRow: usize,
  v: usize,
  vRow: usize,
  m: usize,
  mRow: usize,
  count: i32,
): void {
  let a0 = v128.load(m), a1 = v128.load(m, 16);
  let c0 = v128.load(m + mRow), c1 = v128.load(m + mRow, 16);
  let d0 = v128.load(m + 2 * mRow), d1 = v128.load(m + 2 * mRow, 16);
  let e0 = v128.load(m + 3 * mRow), e1 = v128.load(m + 3 * mRow, 16);
  let p = u, q = v;
  for (let t = 0; t < count; t++) {
    const f0 = v128.load(q);
    const f1 = v128.load(q, 16);
    let s = v128.load32_splat(p);
    a0 = madd(a0, s, f0);
    a1 = madd(a1, s, f1);
    s = v128.load32_splat(p, 4);
    c0 = madd(c0, s, f0);
    c1 = madd(c1, s, f1);
    s = v128.load32_splat(p, 8);
    d0 = madd(d0, s, f0);
    d1 = madd(d1, s, f1);
    s = v128.load32_splat(p, 12);
    e0 = madd(e0, s, f0);
    e1 = madd(e1, s, f1);
    p += uRow;
    q += vRow;
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
 * `M[ξ, ci, co] = Σ U[ξ, tile, ci]·V[ξ, tile, co]` over the tiles of images
 * `n0 … n1` (`m` `[16, cin, cout]`, overwritten): `xp` the zero-padded input
 * `[N,hp,wp,cin]` (`cin` a multiple of 4, `hp ≥ 2·⌈oh/2⌉ + 2`,
 * `wp ≥ 2·⌈ow/2⌉ + 2`), `dy` `[N,oh,ow,cout]` (`cout` a multiple of 8);
 * `scratch` `16·⌈oh/2⌉·⌈ow/2⌉·(cin + cout) + 512` free floats.
 */
export function winogradFilterGrad(
  xp: usize,
  dy: usize,
  m: usize,
  scratch: usize,
  n0: i32,
  n1: i32,
  hp: i32,
  wp: i32,
  cin: i32,
  oh: i32,
  ow: i32,
  cout: i32,
): void {
  const th = (oh + 1) >> 1;
  const tw = (ow + 1) >> 1;
  const count = th * tw; // tiles of one image
  const px = <usize> cin << 2;
  const row = <usize> wp * px;
  const uRow = px;
  const vRow = <usize> cout << 2;
  // Positions 64 bytes more than a multiple of the rows apart (cache sets).
  const uPos = <usize> count * uRow + 64;
  const vPos = <usize> count * vRow + 64;
  const u = scratch;
  const v = scratch + 16 * uPos;
  const mRow = vRow;
  const mPos = <usize> cin * mRow;
  memory.fill(m, 0, 16 * mPos);
  const dyPx = vRow;
  for (let n = n0; n < n1; n++) {
    for (let ty = 0; ty < th; ty++) {
      const oy = 2 * ty;
      const xRow = xp + <usize> (n * hp + oy) * row;
      const down = oy + 1 < oh;
      const dyRow = dy + <usize> (n * oh + oy) * <usize> ow * dyPx;
      for (let tx = 0; tx < tw; tx++) {
        const tile = <usize> (ty * tw + tx);
        const p = xRow + <usize> (2 * tx) * px;
        for (let c = 0; c < cin; c += 4) {
          inputTile(
            p + (<usize> c << 2),
            row,
            px,
            u + tile * uRow + (<usize> c << 2),
            uPos,
          );
        }
        const ox = 2 * tx;
        const right = ox + 1 < ow;
        const q = dyRow + <usize> ox * dyPx;
        const q1 = q + <usize> ow * dyPx;
        for (let co = 0; co < cout; co += 4) {
          const off = <usize> co << 2;
          dyTile(
            v128.load(q + off),
            dyAt(q + dyPx + off, right),
            dyAt(q1 + off, down),
            dyAt(q1 + dyPx + off, down && right),
            v + tile * vRow + off,
            vPos,
          );
        }
      }
    }
    // One image's tiles: M[ξ] += U[ξ]ᵀ·V[ξ].
    for (let xi: usize = 0; xi < 16; xi++) {
      for (let ci = 0; ci < cin; ci += 4) {
        for (let co = 0; co < cout; co += 8) {
          accumulate4(
            u + xi * uPos + (<usize> ci << 2),
            uRow,
            v + xi * vPos + (<usize> co << 2),
            vRow,
            m + xi * mPos + <usize> ci * mRow + (<usize> co << 2),
            mRow,
            count,
          );
        }
      }
    }
  }
}
