// Direct convolution for deeper inputs (AssemblyScript; see simd_kernels.ts),
// behind lib/backend/wasm_kernels/conv_forward.ts. Each block keeps four
// output columns × eight output channels (eight vectors) in registers; per
// filter tap it loads two filter vectors and four broadcast inputs for eight
// multiply-adds, fused (`relaxed_madd`) in the relaxed-SIMD build. Eight
// independent sums cover the multiply-add's latency; more would not fit in
// the sixteen registers V8 allocates on x86-64.

import { activate, madd, storeLanes } from "./lanes";

/** Stores output channels `co … co+7` (the first `lanes` of them) at `q`. */
function store8(q: usize, a: v128, b: v128, lanes: i32, relu: bool): void {
  storeLanes(q, activate(a, relu), min(4, lanes));
  if (lanes > 4) storeLanes(q + 16, activate(b, relu), lanes - 4);
}

/**
 * `y[n,oy,ox,co] = act(bias[co] + Σ xp[n, oy·sh + ky, ox·sw + kx, ci] ·
 * w[ky,kx,ci,co])` for images `n0 … n1`: `xp` zero-padded NHWC
 * `[N,hp,wp,cin]`; `w` `[fh,fw,cin,cop]` and `bias` `[cop]` with the output
 * channels padded with zeros to `cop`, a multiple of 8; `y`
 * `[N,oh,ow,cout]`; `relu` 1 for ReLU, 0 for none.
 */
export function convDirect(
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
  const rowTaps = fw * cin;
  const act = relu != 0;
  for (let n = n0; n < n1; n++) {
    for (let oy = 0; oy < oh; oy++) {
      const yRow = y + (<usize> ((n * oh + oy) * ow) * px);
      const xRow = xp + (<usize> ((n * hp + oy * sh) * wp * cin) << 2);
      for (let co = 0; co < cop; co += 8) {
        const b0 = v128.load(bias + (<usize> co << 2));
        const b1 = v128.load(bias + (<usize> co << 2), 16);
        const lanes = min(8, cout - co);
        const wCo = w + (<usize> co << 2);
        let ox = 0;
        for (; ox + 4 <= ow; ox += 4) {
          let a0 = b0, a1 = b1, c0 = b0, c1 = b1;
          let d0 = b0, d1 = b1, e0 = b0, e1 = b1;
          let wt = wCo;
          for (let ky = 0; ky < fh; ky++) {
            const row = xRow +
              (<usize> ((ky * wp + ox * sw) * cin) << 2);
            // Tap (ky, kx, ci) with k = kx·cin + ci: column j reads
            // row + j·step + k·4. Two taps per iteration halve the loop's
            // own instructions, which otherwise compete with the
            // multiply-adds for the core's issue slots.
            let p0 = row, p1 = row + step, p2 = row + 2 * step;
            let p3 = row + 3 * step;
            for (let k = 0; k < rowTaps; k += 2) {
              let f0 = v128.load(wt);
              let f1 = v128.load(wt, 16);
              let s = v128.load32_splat(p0);
              a0 = madd(a0, s, f0);
              a1 = madd(a1, s, f1);
              s = v128.load32_splat(p1);
              c0 = madd(c0, s, f0);
              c1 = madd(c1, s, f1);
              s = v128.load32_splat(p2);
              d0 = madd(d0, s, f0);
              d1 = madd(d1, s, f1);
              s = v128.load32_splat(p3);
              e0 = madd(e0, s, f0);
              e1 = madd(e1, s, f1);
              wt += tapStride;
              if (k + 1 == rowTaps) break; // an odd last tap
              f0 = v128.load(wt);
              f1 = v128.load(wt, 16);
              s = v128.load32_splat(p0, 4);
              a0 = madd(a0, s, f0);
              a1 = madd(a1, s, f1);
              s = v128.load32_splat(p1, 4);
              c0 = madd(c0, s, f0);
              c1 = madd(c1, s, f1);
              s = v128.load32_splat(p2, 4);
              d0 = madd(d0, s, f0);
              d1 = madd(d1, s, f1);
              s = v128.load32_splat(p3, 4);
              e0 = madd(e0, s, f0);
              e1 = madd(e1, s, f1);
              wt += tapStride;
              p0 += 8;
              p1 += 8;
              p2 += 8;
              p3 += 8;
            }
          }
          const q = yRow + (<usize> ox) * px + (<usize> co << 2);
          store8(q, a0, a1, lanes, act);
          store8(q + px, c0, c1, lanes, act);
          store8(q + 2 * px, d0, d1, lanes, act);
          store8(q + 3 * px, e0, e1, lanes, act);
        }
        for (; ox < ow; ox++) {
          let a0 = b0, a1 = b1;
          let wt = wCo;
          for (let ky = 0; ky < fh; ky++) {
            const row = xRow +
              (<usize> ((ky * wp + ox * sw) * cin) << 2);
            for (let k = 0; k < rowTaps; k++) {
              const s = v128.load32_splat(row + (<usize> k << 2));
              a0 = madd(a0, s, v128.load(wt));
              a1 = madd(a1, s, v128.load(wt, 16));
              wt += tapStride;
            }
          }
          store8(
            yRow + (<usize> ox) * px + (<usize> co << 2),
            a0,
            a1,
            lanes,
            act,
          );
        }
      }
    }
  }
}
