// Fused BatchNorm passes (AssemblyScript; see simd_kernels.ts), behind
// lib/backend/wasm_kernels/batch_norm.ts. `x` and `dy` are `[rows, width]`
// with `width` a multiple of 4 (channels side by side, repeated until a row
// is); per-lane parameters are float32 arrays of `width` values, sums float64
// arrays of `width` values, overwritten.
//
// The mean comes split in two float32s, `hi` + `lo`: the deviation
// d = (x − hi) − lo is then as exact as the float64 mean it came from, so a
// mean large next to the spread does not cancel away the spread.

import { addBlock } from "./sum_rows";

/**
 * Σ d and Σ d² per lane, d = (x − hi) − lo; float32 within 64 rows, float64
 * across. With `hi` + `lo` near the mean, both block sums stay at the
 * spread's scale, where float32 is exact enough.
 */
export function sumDeviations(
  x: usize,
  rows: i32,
  width: i32,
  hi: usize,
  lo: usize,
  accD: usize,
  accD2: usize,
): void {
  memory.fill(accD, 0, <usize> width << 3);
  memory.fill(accD2, 0, <usize> width << 3);
  const stride = <usize> width << 2;
  for (let r0 = 0; r0 < rows; r0 += 64) {
    const r1 = min(rows, r0 + 64);
    for (let c = 0; c < width; c += 4) {
      const off = <usize> c << 2;
      const h = v128.load(hi + off);
      const l = v128.load(lo + off);
      let p = x + (<usize> r0 * stride) + off;
      let s = f32x4.splat(0);
      let s2 = f32x4.splat(0);
      for (let r = r0; r < r1; r++) {
        const d = f32x4.sub(f32x4.sub(v128.load(p), h), l);
        s = f32x4.add(s, d);
        s2 = f32x4.add(s2, f32x4.mul(d, d));
        p += stride;
      }
      addBlock(accD, c, s);
      addBlock(accD2, c, s2);
    }
  }
}

/** y = ((x − hi) − lo)·scale + shift per lane. */
export function normalizeRows(
  x: usize,
  y: usize,
  rows: i32,
  width: i32,
  hi: usize,
  lo: usize,
  scale: usize,
  shift: usize,
): void {
  const stride = <usize> width << 2;
  for (let r = 0; r < rows; r++) {
    const row = <usize> r * stride;
    for (let off: usize = 0; off < stride; off += 16) {
      const d = f32x4.sub(
        f32x4.sub(v128.load(x + row + off), v128.load(hi + off)),
        v128.load(lo + off),
      );
      v128.store(
        y + row + off,
        f32x4.add(f32x4.mul(d, v128.load(scale + off)), v128.load(shift + off)),
      );
    }
  }
}

/**
 * Σ dy, Σ dy·d and Σ d per lane, d = (x − hi) − lo; blocks of 64 rows as
 * above.
 */
export function sumGradRows(
  dy: usize,
  x: usize,
  rows: i32,
  width: i32,
  hi: usize,
  lo: usize,
  accDy: usize,
  accDyD: usize,
  accD: usize,
): void {
  memory.fill(accDy, 0, <usize> width << 3);
  memory.fill(accDyD, 0, <usize> width << 3);
  memory.fill(accD, 0, <usize> width << 3);
  const stride = <usize> width << 2;
  for (let r0 = 0; r0 < rows; r0 += 64) {
    const r1 = min(rows, r0 + 64);
    for (let c = 0; c < width; c += 4) {
      const off = <usize> c << 2;
      const h = v128.load(hi + off);
      const l = v128.load(lo + off);
      let p = <usize> r0 * stride + off;
      let s = f32x4.splat(0);
      let t = f32x4.splat(0);
      let u = f32x4.splat(0);
      for (let r = r0; r < r1; r++) {
        const g = v128.load(dy + p);
        const d = f32x4.sub(f32x4.sub(v128.load(x + p), h), l);
        s = f32x4.add(s, g);
        t = f32x4.add(t, f32x4.mul(g, d));
        u = f32x4.add(u, d);
        p += stride;
      }
      addBlock(accDy, c, s);
      addBlock(accDyD, c, t);
      addBlock(accD, c, u);
    }
  }
}

/** dx = a·dy + b·((x − hi) − lo) + c0 per lane. */
export function gradRows(
  dy: usize,
  x: usize,
  dx: usize,
  rows: i32,
  width: i32,
  hi: usize,
  lo: usize,
  a: usize,
  b: usize,
  c0: usize,
): void {
  const stride = <usize> width << 2;
  for (let r = 0; r < rows; r++) {
    const row = <usize> r * stride;
    for (let off: usize = 0; off < stride; off += 16) {
      const d = f32x4.sub(
        f32x4.sub(v128.load(x + row + off), v128.load(hi + off)),
        v128.load(lo + off),
      );
      const ag = f32x4.mul(v128.load(a + off), v128.load(dy + row + off));
      const bd = f32x4.mul(v128.load(b + off), d);
      v128.store(
        dx + row + off,
        f32x4.add(f32x4.add(ag, bd), v128.load(c0 + off)),
      );
    }
  }
}
