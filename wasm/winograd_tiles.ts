// The input-tile transform of Winograd's F(2×2, 3×3) (AssemblyScript; see
// simd_kernels.ts), shared by the convolution (winograd3x3.ts) and its
// filter gradient (winograd_filter_grad.ts), which both start from the same
// 4×4 tiles of the padded input.

/**
 * `U = Bᵀ·d·B` of the four channels at `p` (one 4×4 tile, rows `row` and
 * columns `px` bytes apart) into `u`, position `a·4 + b` at `u + (a·4 + b)·stride`
 * (`a` along the width, `b` along the height). One output column `a` at a
 * time, all in registers: `e_r = (d_r·B)[a]` for the four rows, then
 * `Bᵀ·e`. (Two passes through memory, positions 2 KiB apart, took longer
 * than the matrix products.)
 */
export function inputTile(
  p: usize,
  row: usize,
  px: usize,
  u: usize,
  stride: usize,
): void {
  for (let a: usize = 0; a < 4; a++) {
    // (d·B)[a]: d0 − d2, d1 + d2, d2 − d1, d1 − d3 over the row's columns.
    const e0 = rowTerm(p, px, a);
    const e1 = rowTerm(p + row, px, a);
    const e2 = rowTerm(p + 2 * row, px, a);
    const e3 = rowTerm(p + 3 * row, px, a);
    const o = u + a * 4 * stride;
    v128.store(o, f32x4.sub(e0, e2));
    v128.store(o + stride, f32x4.add(e1, e2));
    v128.store(o + 2 * stride, f32x4.sub(e2, e1));
    v128.store(o + 3 * stride, f32x4.sub(e1, e3));
  }
}

/** Column `a` of `d·B` for the tile row at `q` (columns `px` bytes apart). */
function rowTerm(q: usize, px: usize, a: usize): v128 {
  if (a == 0) return f32x4.sub(v128.load(q), v128.load(q + 2 * px));
  if (a == 1) return f32x4.add(v128.load(q + px), v128.load(q + 2 * px));
  if (a == 2) return f32x4.sub(v128.load(q + 2 * px), v128.load(q + px));
  return f32x4.sub(v128.load(q + px), v128.load(q + 3 * px));
}
