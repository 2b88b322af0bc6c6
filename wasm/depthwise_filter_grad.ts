// Filter gradient of a depthwise convolution with channel multiplier 1
// (AssemblyScript; see simd_kernels.ts), behind
// lib/backend/wasm_kernels/depthwise_filter_grad.ts. Each tap's gradient is a
// lane-wise dot product of one input row and one output-gradient row, four
// channels per vector: summed in four registers so the multiply-adds do not
// wait on one another. The rows are read in the order they lie in memory.

import { madd } from "./lanes";

/**
 * `dw[ky,kx,c] = Σ_{n,oy,ox} xp[n, oy·sh + ky, ox·sw + kx, c] · dy[n,oy,ox,c]`
 * for images `n0 … n1` (`dw` `[fh,fw,c]` overwritten): `xp` zero-padded NHWC
 * `[N,hp,wp,c]`, `dy` `[N,oh,ow,c]`.
 */
export function depthwiseFilterGrad(
  xp: usize,
  dy: usize,
  dw: usize,
  n0: i32,
  n1: i32,
  hp: i32,
  wp: i32,
  c: i32,
  oh: i32,
  ow: i32,
  fh: i32,
  fw: i32,
  sh: i32,
  sw: i32,
): void {
  memory.fill(dw, 0, <usize> (fh * fw * c) << 2);
  const px = <usize> c << 2; // bytes between pixels
  const xStep = <usize> sw * px; // bytes between the input columns read
  const vectors = c & ~3;
  const zero = f32x4.splat(0);
  for (let n = n0; n < n1; n++) {
    for (let oy = 0; oy < oh; oy++) {
      const dyRow = dy + <usize> ((n * oh + oy) * ow) * px;
      for (let ky = 0; ky < fh; ky++) {
        const xRow = xp + <usize> ((n * hp + oy * sh + ky) * wp) * px;
        for (let kx = 0; kx < fw; kx++) {
          const xTap = xRow + <usize> kx * px;
          const dwTap = dw + <usize> ((ky * fw + kx) * c) * 4;
          for (let ch = 0; ch < vectors; ch += 4) {
            const off = <usize> ch << 2;
            let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
            let p = xTap + off, q = dyRow + off;
            let ox = 0;
            for (; ox + 4 <= ow; ox += 4) {
              a0 = madd(a0, v128.load(p), v128.load(q));
              a1 = madd(a1, v128.load(p + xStep), v128.load(q + px));
              a2 = madd(a2, v128.load(p + 2 * xStep), v128.load(q + 2 * px));
              a3 = madd(a3, v128.load(p + 3 * xStep), v128.load(q + 3 * px));
              p += 4 * xStep;
              q += 4 * px;
            }
            for (; ox < ow; ox++) {
              a0 = madd(a0, v128.load(p), v128.load(q));
              p += xStep;
              q += px;
            }
            const sum = f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3));
            v128.store(dwTap + off, f32x4.add(v128.load(dwTap + off), sum));
          }
          // Channels past the last full vector, one at a time.
          for (let ch = vectors; ch < c; ch++) {
            const off = <usize> ch << 2;
            let s: f32 = 0;
            let p = xTap + off, q = dyRow + off;
            for (let ox = 0; ox < ow; ox++) {
              s += load<f32>(p) * load<f32>(q);
              p += xStep;
              q += px;
            }
            store<f32>(dwTap + off, load<f32>(dwTap + off) + s);
          }
        }
      }
    }
  }
}
