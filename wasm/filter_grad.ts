// The convolution filter gradient (AssemblyScript; see simd_kernels.ts).
import { keepMask, madd } from "./lanes";

// dW[a,b,c,o] = Σ_{n,i,j} x[n, i·sh+a, j·sw+b, c] · dy[n,i,j,o] over a zero-
// padded NHWC x. A tile keeps 8 vector accumulators in registers (taps ×
// 4-channel groups: 2×4, 4×2 or 8×1) while it runs over a block of images
// that fits in the L2 cache, then adds them to dW. Taps past the last one
// repeat it and channel groups past the last one overlap it; `keep` masks
// the lanes an earlier group already added, and repeated taps are not added.

/** Byte offset of filter tap `t` (`(a·fw + b)·cin + c`) from a window's start. */
function tapOffset(t: i32, fw: i32, cin: i32, wp: i32): usize {
  const c = t % cin;
  const ab = t / cin;
  return <usize> (((ab / fw) * wp + (ab % fw)) * cin + c) << 2;
}

/** `dw[t, c…c+3] += acc` on the lanes `keep` selects. */
function addTo(
  dw: usize,
  t: i32,
  co: i32,
  c: i32,
  acc: v128,
  keep: v128,
): void {
  const p = dw + (<usize> (t * co + c) << 2);
  v128.store(p, f32x4.add(v128.load(p), v128.and(acc, keep)));
}

/** 2 taps × 16 channels. */
function tile2x16(
  x: usize,
  dy: usize,
  n0: i32,
  n1: i32,
  imgX: i32,
  imgDy: i32,
  rowX: usize,
  stepX: usize,
  oh: i32,
  ow: i32,
  co: i32,
  o0: usize,
  o1: usize,
  c: i32,
  acc: usize,
): void {
  let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
  let b0 = a0, b1 = a0, b2 = a0, b3 = a0;
  const stepDy = <usize> co << 2;
  for (let n = n0; n < n1; n++) {
    let dp = dy + (<usize> (n * imgDy + c) << 2);
    const xi = x + (<usize> (n * imgX) << 2);
    for (let i = 0; i < oh; i++) {
      const xp = xi + <usize> i * rowX;
      // Per-row partial sums keep float32 rounding error low.
      let ra0 = f32x4.splat(0),
        ra1 = f32x4.splat(0),
        ra2 = f32x4.splat(0),
        ra3 = f32x4.splat(0),
        rb0 = f32x4.splat(0),
        rb1 = f32x4.splat(0),
        rb2 = f32x4.splat(0),
        rb3 = f32x4.splat(0);
      // Two columns per iteration halve the loop's own instructions; an
      // odd last column runs as a pass of one (`last`).
      let p0 = xp + o0, p1 = xp + o1;
      for (let j = 0; j < ow; j += 2) {
        const last = j + 1 == ow;
        let d0 = v128.load(dp);
        let d1 = v128.load(dp, 16);
        let d2 = v128.load(dp, 32);
        let d3 = v128.load(dp, 48);
        let s = v128.load32_splat(p0);
        let t = v128.load32_splat(p1);
        ra0 = madd(ra0, s, d0);
        ra1 = madd(ra1, s, d1);
        ra2 = madd(ra2, s, d2);
        ra3 = madd(ra3, s, d3);
        rb0 = madd(rb0, t, d0);
        rb1 = madd(rb1, t, d1);
        rb2 = madd(rb2, t, d2);
        rb3 = madd(rb3, t, d3);
        dp += stepDy;
        if (last) break;
        p0 += stepX;
        p1 += stepX;
        d0 = v128.load(dp);
        d1 = v128.load(dp, 16);
        d2 = v128.load(dp, 32);
        d3 = v128.load(dp, 48);
        s = v128.load32_splat(p0);
        t = v128.load32_splat(p1);
        ra0 = madd(ra0, s, d0);
        ra1 = madd(ra1, s, d1);
        ra2 = madd(ra2, s, d2);
        ra3 = madd(ra3, s, d3);
        rb0 = madd(rb0, t, d0);
        rb1 = madd(rb1, t, d1);
        rb2 = madd(rb2, t, d2);
        rb3 = madd(rb3, t, d3);
        dp += stepDy;
        p0 += stepX;
        p1 += stepX;
      }
      a0 = f32x4.add(a0, ra0);
      a1 = f32x4.add(a1, ra1);
      a2 = f32x4.add(a2, ra2);
      a3 = f32x4.add(a3, ra3);
      b0 = f32x4.add(b0, rb0);
      b1 = f32x4.add(b1, rb1);
      b2 = f32x4.add(b2, rb2);
      b3 = f32x4.add(b3, rb3);
    }
  }
  v128.store(acc, a0);
  v128.store(acc, a1, 16);
  v128.store(acc, a2, 32);
  v128.store(acc, a3, 48);
  v128.store(acc, b0, 64);
  v128.store(acc, b1, 80);
  v128.store(acc, b2, 96);
  v128.store(acc, b3, 112);
}

/** 4 taps × 8 channels. */
function tile4x8(
  x: usize,
  dy: usize,
  n0: i32,
  n1: i32,
  imgX: i32,
  imgDy: i32,
  rowX: usize,
  stepX: usize,
  oh: i32,
  ow: i32,
  co: i32,
  o0: usize,
  o1: usize,
  o2: usize,
  o3: usize,
  c: i32,
  acc: usize,
): void {
  let a0 = f32x4.splat(0), a1 = a0, b0 = a0, b1 = a0;
  let e0 = a0, e1 = a0, f0 = a0, f1 = a0;
  const stepDy = <usize> co << 2;
  for (let n = n0; n < n1; n++) {
    let dp = dy + (<usize> (n * imgDy + c) << 2);
    const xi = x + (<usize> (n * imgX) << 2);
    for (let i = 0; i < oh; i++) {
      let xp = xi + <usize> i * rowX;
      // Per-row partial sums keep float32 rounding error low.
      let ra0 = f32x4.splat(0),
        ra1 = f32x4.splat(0),
        rb0 = f32x4.splat(0),
        rb1 = f32x4.splat(0),
        re0 = f32x4.splat(0),
        re1 = f32x4.splat(0),
        rf0 = f32x4.splat(0),
        rf1 = f32x4.splat(0);
      for (let j = 0; j < ow; j++) {
        const d0 = v128.load(dp);
        const d1 = v128.load(dp, 16);
        const s0 = v128.load32_splat(xp + o0);
        const s1 = v128.load32_splat(xp + o1);
        const s2 = v128.load32_splat(xp + o2);
        const s3 = v128.load32_splat(xp + o3);
        ra0 = madd(ra0, s0, d0);
        ra1 = madd(ra1, s0, d1);
        rb0 = madd(rb0, s1, d0);
        rb1 = madd(rb1, s1, d1);
        re0 = madd(re0, s2, d0);
        re1 = madd(re1, s2, d1);
        rf0 = madd(rf0, s3, d0);
        rf1 = madd(rf1, s3, d1);
        dp += stepDy;
        xp += stepX;
      }
      a0 = f32x4.add(a0, ra0);
      a1 = f32x4.add(a1, ra1);
      b0 = f32x4.add(b0, rb0);
      b1 = f32x4.add(b1, rb1);
      e0 = f32x4.add(e0, re0);
      e1 = f32x4.add(e1, re1);
      f0 = f32x4.add(f0, rf0);
      f1 = f32x4.add(f1, rf1);
    }
  }
  v128.store(acc, a0);
  v128.store(acc, a1, 16);
  v128.store(acc, b0, 32);
  v128.store(acc, b1, 48);
  v128.store(acc, e0, 64);
  v128.store(acc, e1, 80);
  v128.store(acc, f0, 96);
  v128.store(acc, f1, 112);
}

/** 8 taps × 4 channels; `o` holds the 8 tap offsets. */
function tile8x4(
  x: usize,
  dy: usize,
  n0: i32,
  n1: i32,
  imgX: i32,
  imgDy: i32,
  rowX: usize,
  stepX: usize,
  oh: i32,
  ow: i32,
  co: i32,
  o: usize,
  c: i32,
  acc: usize,
): void {
  const o0 = load<u32>(o), o1 = load<u32>(o, 4), o2 = load<u32>(o, 8);
  const o3 = load<u32>(o, 12), o4 = load<u32>(o, 16), o5 = load<u32>(o, 20);
  const o6 = load<u32>(o, 24), o7 = load<u32>(o, 28);
  let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
  let a4 = a0, a5 = a0, a6 = a0, a7 = a0;
  const stepDy = <usize> co << 2;
  for (let n = n0; n < n1; n++) {
    let dp = dy + (<usize> (n * imgDy + c) << 2);
    const xi = x + (<usize> (n * imgX) << 2);
    for (let i = 0; i < oh; i++) {
      let xp = xi + <usize> i * rowX;
      // Per-row partial sums keep float32 rounding error low.
      let ra0 = f32x4.splat(0),
        ra1 = f32x4.splat(0),
        ra2 = f32x4.splat(0),
        ra3 = f32x4.splat(0),
        ra4 = f32x4.splat(0),
        ra5 = f32x4.splat(0),
        ra6 = f32x4.splat(0),
        ra7 = f32x4.splat(0);
      for (let j = 0; j < ow; j++) {
        const d = v128.load(dp);
        ra0 = madd(ra0, v128.load32_splat(xp + o0), d);
        ra1 = madd(ra1, v128.load32_splat(xp + o1), d);
        ra2 = madd(ra2, v128.load32_splat(xp + o2), d);
        ra3 = madd(ra3, v128.load32_splat(xp + o3), d);
        ra4 = madd(ra4, v128.load32_splat(xp + o4), d);
        ra5 = madd(ra5, v128.load32_splat(xp + o5), d);
        ra6 = madd(ra6, v128.load32_splat(xp + o6), d);
        ra7 = madd(ra7, v128.load32_splat(xp + o7), d);
        dp += stepDy;
        xp += stepX;
      }
      a0 = f32x4.add(a0, ra0);
      a1 = f32x4.add(a1, ra1);
      a2 = f32x4.add(a2, ra2);
      a3 = f32x4.add(a3, ra3);
      a4 = f32x4.add(a4, ra4);
      a5 = f32x4.add(a5, ra5);
      a6 = f32x4.add(a6, ra6);
      a7 = f32x4.add(a7, ra7);
    }
  }
  v128.store(acc, a0);
  v128.store(acc, a1, 16);
  v128.store(acc, a2, 32);
  v128.store(acc, a3, 48);
  v128.store(acc, a4, 64);
  v128.store(acc, a5, 80);
  v128.store(acc, a6, 96);
  v128.store(acc, a7, 112);
}

/**
 * Filter gradient of a stride-`sh`×`sw`, undilated convolution over images
 * `n0 … n1` of `x` (zero-padded NHWC `[N, hp, wp, cin]`) and `dy`
 * (`[N, oh, ow, co]`, `co ≥ 4`), written to `dw` (`[fh, fw, cin, co]`).
 * `scratch` is 160 bytes of 16-byte-aligned free memory.
 */
export function filterGrad(
  x: usize,
  dy: usize,
  dw: usize,
  scratch: usize,
  n0: i32,
  n1: i32,
  hp: i32,
  wp: i32,
  cin: i32,
  oh: i32,
  ow: i32,
  co: i32,
  fh: i32,
  fw: i32,
  sh: i32,
  sw: i32,
): void {
  const taps = fh * fw * cin;
  memory.fill(dw, 0, <usize> (taps * co) << 2);
  const acc = scratch;
  const offs = scratch + 128;
  const imgX = hp * wp * cin;
  const imgDy = oh * ow * co;
  const rowX = <usize> (sh * wp * cin) << 2;
  const stepX = <usize> (sw * cin) << 2;
  // Images per block: about 192 KB of x and dy, so a block stays in L2.
  const block = max(1, 49152 / (imgX + imgDy));
  const width = co >= 16 ? 16 : co >= 8 ? 8 : 4;
  const tb = width == 16 ? 2 : width == 8 ? 4 : 8;
  for (let nb = n0; nb < n1; nb += block) {
    const ne = min(n1, nb + block);
    let done = 0;
    for (let c0 = 0; c0 < co; c0 += width) {
      const c = min(c0, co - width);
      for (let t0 = 0; t0 < taps; t0 += tb) {
        for (let k = 0; k < tb; k++) {
          store<u32>(
            offs + (<usize> k << 2),
            <u32> tapOffset(min(t0 + k, taps - 1), fw, cin, wp),
          );
        }
        const o0 = <usize> load<u32>(offs);
        const o1 = <usize> load<u32>(offs, 4);
        if (width == 16) {
          tile2x16(
            x,
            dy,
            nb,
            ne,
            imgX,
            imgDy,
            rowX,
            stepX,
            oh,
            ow,
            co,
            o0,
            o1,
            c,
            acc,
          );
        } else if (width == 8) {
          const o2 = <usize> load<u32>(offs, 8);
          const o3 = <usize> load<u32>(offs, 12);
          tile4x8(
            x,
            dy,
            nb,
            ne,
            imgX,
            imgDy,
            rowX,
            stepX,
            oh,
            ow,
            co,
            o0,
            o1,
            o2,
            o3,
            c,
            acc,
          );
        } else {
          tile8x4(
            x,
            dy,
            nb,
            ne,
            imgX,
            imgDy,
            rowX,
            stepX,
            oh,
            ow,
            co,
            offs,
            c,
            acc,
          );
        }
        const groups = width >> 2;
        for (let k = 0; k < tb && t0 + k < taps; k++) {
          for (let q = 0; q < groups; q++) {
            const cq = c + 4 * q;
            addTo(
              dw,
              t0 + k,
              co,
              cq,
              v128.load(acc + (<usize> (k * groups + q) << 4)),
              keepMask(cq, done),
            );
          }
        }
      }
      done = c + width;
    }
  }
}
