// The input-tile transform of Winograd's F(2×2, 3×3) (AssemblyScript; see
// simd_kernels.ts), shared by the convolution (winograd3x3.ts) and its
// filter gradient (winograd_filter_grad.ts), which both start from the same
// 4×4 tiles of the padded input.

/**
 * `U = Bᵀ·d·B` of the four channels at `p` (one 4×4 tile, rows `row` and
 * columns `px` bytes apart) into `u`, position `a·4 + b` at `u + (a·4 + b)·stride`
 * (`a` along the width, `b` along the height), in registers: the sixteen
 * input vectors, `d·B` along each row, then `Bᵀ` along each column. (Two
 * passes through memory, positions 2 KiB apart, took longer than the
 * matrix products.)
 */
export function inputTile(
  p: usize,
  row: usize,
  px: usize,
  u: usize,
  stride: usize,
): void {
  // The tile's four columns in each of its four rows, the row at `q`.
  let q = p;
  const a0 = v128.load(q), a1 = v128.load(q + px);
  const a2 = v128.load(q + 2 * px), a3 = v128.load(q + 3 * px);
  q += row;
  const b0 = v128.load(q), b1 = v128.load(q + px);
  const b2 = v128.load(q + 2 * px), b3 = v128.load(q + 3 * px);
  q += row;
  const c0 = v128.load(q), c1 = v128.load(q + px);
  const c2 = v128.load(q + 2 * px), c3 = v128.load(q + 3 * px);
  q += row;
  const d0 = v128.load(q), d1 = v128.load(q + px);
  const d2 = v128.load(q + 2 * px), d3 = v128.load(q + 3 * px);
  // (row·B)[a]: x0 − x2, x1 + x2, x2 − x1, x1 − x3; then Bᵀ over the rows.
  column(
    f32x4.sub(a0, a2),
    f32x4.sub(b0, b2),
    f32x4.sub(c0, c2),
    f32x4.sub(d0, d2),
    u,
    stride,
  );
  column(
    f32x4.add(a1, a2),
    f32x4.add(b1, b2),
    f32x4.add(c1, c2),
    f32x4.add(d1, d2),
    u + 4 * stride,
    stride,
  );
  column(
    f32x4.sub(a2, a1),
    f32x4.sub(b2, b1),
    f32x4.sub(c2, c1),
    f32x4.sub(d2, d1),
    u + 8 * stride,
    stride,
  );
  column(
    f32x4.sub(a1, a3),
    f32x4.sub(b1, b3),
    f32x4.sub(c1, c3),
    f32x4.sub(d1, d3),
    u + 12 * stride,
    stride,
  );
}

/** `Bᵀ·e` of one column `e0 … e3` (along the height) into positions `o + b·stride`. */
function column(
  e0: v128,
  e1: v128,
  e2: v128,
  e3: v128,
  o: usize,
  stride: usize,
): void {
  v128.store(o, f32x4.sub(e0, e2));
  v128.store(o + stride, f32x4.add(e1, e2));
  v128.store(o + 2 * stride, f32x4.sub(e2, e1));
  v128.store(o + 3 * stride, f32x4.sub(e1, e3));
}
