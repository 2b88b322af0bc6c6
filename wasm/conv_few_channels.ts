// Direct convolution for few input channels (AssemblyScript; see
// simd_kernels.ts), behind lib/backend/wasm_kernels/conv_forward.ts.
// A first layer on MNIST has one input channel: XNNPACK's GEMM then
// multiplies by 25-long rows, which it does far below its rate. Here each
// 4-channel group of outputs keeps eight columns' sums in registers, and
// every tap is one broadcast input times one filter vector.

import { activate, madd, storeLanes } from "./lanes";

/**
 * `y[n,oy,ox,co] = act(bias[co] + Σ xp[n, oy·sh + ky, ox·sw + kx, ci] ·
 * w[ky,kx,ci,co])` for images `n0 … n1`: `xp` zero-padded NHWC
 * `[N,hp,wp,cin]`; `w` `[fh,fw,cin,cop]` and `bias` `[cop]` with the output
 * channels padded with zeros to `cop`, a multiple of 4; `y`
 * `[N,oh,ow,cout]`; `relu` 1 for ReLU, 0 for none.
 */
export function convFewChannels(
  xp: usize,
  w: usize,
  bias: usize,
  y: usize,
  n0: i32,
  n1: i32,
  hp: i32,
  wp: i32,
  cin: i32,
  oh: i32,
  ow: i32,
  cout: i32,
  cop: i32,
  fh: i32,
  fw: i32,
  sh: i32,
  sw: i32,
  relu: i32,
): void {
  const px = <usize> cout << 2; // bytes between output columns
  const step = <usize> (sw * cin) << 2; // bytes between input columns read
  const tapStride = <usize> cop << 2; // bytes between filter taps
  const act = relu != 0;
  for (let n = n0; n < n1; n++) {
    for (let oy = 0; oy < oh; oy++) {
      const yRow = y + (<usize> ((n * oh + oy) * ow) * px);
      for (let co = 0; co < cop; co += 4) {
        const b = v128.load(bias + (<usize> co << 2));
        const lanes = min(4, cout - co);
        let ox = 0;
        for (; ox + 8 <= ow; ox += 8) {
          let a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b;
          let wp0 = w + (<usize> co << 2);
          for (let ky = 0; ky < fh; ky++) {
            const row = xp +
              (<usize> (((n * hp + oy * sh + ky) * wp + ox * sw) * cin) << 2);
            for (let k = 0; k < fw * cin; k++) {
              // Tap (ky, kx, ci) with k = kx·cin + ci: column j reads
              // row + j·step + k·4.
              const f = v128.load(wp0);
              const p = row + (<usize> k << 2);
              a0 = madd(a0, v128.load32_splat(p), f);
              a1 = madd(a1, v128.load32_splat(p + step), f);
              a2 = madd(a2, v128.load32_splat(p + 2 * step), f);
              a3 = madd(a3, v128.load32_splat(p + 3 * step), f);
              a4 = madd(a4, v128.load32_splat(p + 4 * step), f);
              a5 = madd(a5, v128.load32_splat(p + 5 * step), f);
              a6 = madd(a6, v128.load32_splat(p + 6 * step), f);
              a7 = madd(a7, v128.load32_splat(p + 7 * step), f);
              wp0 += tapStride;
            }
          }
          const q = yRow + (<usize> ox) * px + (<usize> co << 2);
          storeLanes(q, activate(a0, act), lanes);
          storeLanes(q + px, activate(a1, act), lanes);
          storeLanes(q + 2 * px, activate(a2, act), lanes);
          storeLanes(q + 3 * px, activate(a3, act), lanes);
          storeLanes(q + 4 * px, activate(a4, act), lanes);
          storeLanes(q + 5 * px, activate(a5, act), lanes);
          storeLanes(q + 6 * px, activate(a6, act), lanes);
          storeLanes(q + 7 * px, activate(a7, act), lanes);
        }
        // Four columns, then one at a time: a single column's sum is one
        // dependent chain, latency-bound, so few columns take that path.
        for (; ox + 4 <= ow; ox += 4) {
          let a0 = b, a1 = b, a2 = b, a3 = b;
          let wp0 = w + (<usize> co << 2);
          for (let ky = 0; ky < fh; ky++) {
            const row = xp +
              (<usize> (((n * hp + oy * sh + ky) * wp + ox * sw) * cin) << 2);
            for (let k = 0; k < fw * cin; k++) {
              const f = v128.load(wp0);
              const p = row + (<usize> k << 2);
              a0 = madd(a0, v128.load32_splat(p), f);
              a1 = madd(a1, v128.load32_splat(p + step), f);
              a2 = madd(a2, v128.load32_splat(p + 2 * step), f);
              a3 = madd(a3, v128.load32_splat(p + 3 * step), f);
              wp0 += tapStride;
            }
          }
          const q = yRow + (<usize> ox) * px + (<usize> co << 2);
          storeLanes(q, activate(a0, act), lanes);
          storeLanes(q + px, activate(a1, act), lanes);
          storeLanes(q + 2 * px, activate(a2, act), lanes);
          storeLanes(q + 3 * px, activate(a3, act), lanes);
        }
        for (; ox < ow; ox++) {
          let a = b;
          let wp0 = w + (<usize> co << 2);
          for (let ky = 0; ky < fh; ky++) {
            const row = xp +
              (<usize> (((n * hp + oy * sh + ky) * wp + ox * sw) * cin) << 2);
            for (let k = 0; k < fw * cin; k++) {
              a = madd(
                a,
                v128.load32_splat(row + (<usize> k << 2)),
                v128.load(wp0),
              );
              wp0 += tapStride;
            }
          }
          storeLanes(
            yRow + (<usize> ox) * px + (<usize> co << 2),
            activate(a, act),
            lanes,
          );
        }
      }
    }
  }
}
