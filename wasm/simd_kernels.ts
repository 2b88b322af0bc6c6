// AssemblyScript source of the course's SIMD training kernels for tfjs's wasm
// backend. `deno task build:wasm` compiles it (twice: for the threaded build's
// shared memory and the single-threaded build's own) into
// lib/backend/simd/simd_wasm.ts. The module imports the backend's memory, so
// every pointer below is a byte offset of a tensor in tfjs's wasm heap. It has
// no data segments, globals in memory or stack: it never writes outside the
// output pointers it is given.

// ---------------------------------------------------------------- tanh

/**
 * `tanh` of 4 lanes as Eigen's `generic_fast_tanh_float`: an odd rational
 * function on x clamped to ±7.9988 (where tanh is 1 in float32), a few ulp
 * from the exact value. NaN stays NaN (pmin/pmax return their first operand).
 */
function tanh4(v: v128): v128 {
  const x = f32x4.pmin(
    f32x4.pmax(v, f32x4.splat(-7.99881172180175781)),
    f32x4.splat(7.99881172180175781),
  );
  const x2 = f32x4.mul(x, x);
  let p = f32x4.splat(-2.76076847742355e-16);
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(2.00018790482477e-13));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(-8.60467152213735e-11));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(5.12229709037114e-8));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(1.48572235717979e-5));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(6.37261928875436e-4));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(4.89352455891786e-3));
  p = f32x4.mul(p, x);
  let q = f32x4.splat(1.19825839466702e-6);
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(1.18534705686654e-4));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(2.26843463243900e-3));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(4.89352518554385e-3));
  return f32x4.div(p, q);
}

/** `y[i] = tanh(x[i])` for `n` floats. */
export function tanh(x: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize> i << 2;
    v128.store(y + off, tanh4(v128.load(x + off)));
  }
  for (; i < n; i++) {
    const off = <usize> i << 2;
    const v = f32x4.splat(load<f32>(x + off));
    store<f32>(y + off, f32x4.extract_lane(tanh4(v), 0));
  }
}

// ---------------------------------------------------------------- max pool

/**
 * Which of a 2×2 window's four values receives the gradient: masks for the
 * first lane-wise position equal to the pooled maximum `m`, the first
 * position when none is (NaN).
 */
function route2x2(
  a: v128,
  b: v128,
  c: v128,
  d: v128,
  m: v128,
  g: v128,
  dst: usize,
  right: usize,
  down: usize,
): void {
  const ma = f32x4.eq(a, m);
  const mb = v128.andnot(f32x4.eq(b, m), ma);
  const seen = v128.or(ma, mb);
  const mc = v128.andnot(f32x4.eq(c, m), seen);
  const seen3 = v128.or(seen, mc);
  const md = v128.andnot(f32x4.eq(d, m), seen3);
  const none = v128.not(v128.or(seen3, md));
  v128.store(dst, v128.and(g, v128.or(ma, none)));
  v128.store(dst + right, v128.and(g, mb));
  v128.store(dst + down, v128.and(g, mc));
  v128.store(dst + down + right, v128.and(g, md));
}

/**
 * `MaxPoolGrad` for 2×2 windows with stride 2 and no padding, ≥ 4 channels:
 * branch-free, 4 channels at a time (the last group overlaps the previous
 * one when the channel count is not a multiple of 4; both write the same
 * values). Rows and columns the windows do not cover get zeros.
 */
function maxPoolGrad2x2(
  x: usize,
  y: usize,
  dy: usize,
  dx: usize,
  batch: i32,
  inH: i32,
  inW: i32,
  ch: i32,
  outH: i32,
  outW: i32,
): void {
  const right = <usize> ch << 2;
  const down = <usize> (inW * ch) << 2;
  if (inH != 2 * outH || inW != 2 * outW) {
    memory.fill(dx, 0, <usize> (batch * inH * inW * ch) << 2);
  }
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const o = <usize> (((b * outH + oy) * outW + ox) * ch) << 2;
        const i = <usize> (((b * inH + 2 * oy) * inW + 2 * ox) * ch) << 2;
        for (let c = 0; c < ch; c += 4) {
          const cc = <usize> min(c, ch - 4) << 2;
          const p = x + i + cc;
          route2x2(
            v128.load(p),
            v128.load(p + right),
            v128.load(p + down),
            v128.load(p + down + right),
            v128.load(y + o + cc),
            v128.load(dy + o + cc),
            dx + i + cc,
            right,
            down,
          );
        }
      }
    }
  }
}

/**
 * `MaxPoolGrad` for any window, stride and padding with ≥ 4 channels, 4
 * channels at a time: a window's positions are visited in row-major order
 * and each takes the gradient where it equals the maximum and no earlier one
 * did. Windows may overlap, so gradients are added; the last channel group
 * overlaps the previous one and adds only its new lanes.
 */
function maxPoolGradWindows(
  x: usize,
  y: usize,
  dy: usize,
  dx: usize,
  batch: i32,
  inH: i32,
  inW: i32,
  ch: i32,
  outH: i32,
  outW: i32,
  fh: i32,
  fw: i32,
  sh: i32,
  sw: i32,
  top: i32,
  left: i32,
): void {
  const rowStride = inW * ch;
  const imageStride = inH * rowStride;
  memory.fill(dx, 0, <usize> (batch * imageStride) << 2);
  for (let b = 0; b < batch; b++) {
    const base = b * imageStride;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * sh - top;
      const ya = max(0, y0);
      const yb = min(inH, y0 + fh);
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * sw - left;
        const xa = max(0, x0);
        const xb = min(inW, x0 + fw);
        if (ya >= yb || xa >= xb) continue;
        const o = ((b * outH + oy) * outW + ox) * ch;
        for (let c0 = 0; c0 < ch; c0 += 4) {
          const c = min(c0, ch - 4);
          const keep = keepMask(c, c0);
          const m = v128.load(y + (<usize> (o + c) << 2));
          const g = v128.and(v128.load(dy + (<usize> (o + c) << 2)), keep);
          let seen = i32x4.splat(0);
          for (let yy = ya; yy < yb; yy++) {
            let p = x + (<usize> (base + yy * rowStride + xa * ch + c) << 2);
            let q = dx + (<usize> (base + yy * rowStride + xa * ch + c) << 2);
            for (let xx = xa; xx < xb; xx++) {
              const hit = v128.andnot(f32x4.eq(v128.load(p), m), seen);
              seen = v128.or(seen, hit);
              v128.store(q, f32x4.add(v128.load(q), v128.and(g, hit)));
              p += <usize> ch << 2;
              q += <usize> ch << 2;
            }
          }
          // No position equals the maximum (NaN): the first one takes it.
          const first = dx +
            (<usize> (base + ya * rowStride + xa * ch + c) << 2);
          v128.store(first, f32x4.add(v128.load(first), v128.andnot(g, seen)));
        }
      }
    }
  }
}

/**
 * `MaxPoolGrad` for NHWC tensors: each window's gradient goes to the first
 * position (row-major) holding the pooled maximum `y` — cpu's tie rule — or,
 * when none does (NaN), to the window's first position inside the image.
 */
export function maxPoolGrad(
  x: usize,
  y: usize,
  dy: usize,
  dx: usize,
  batch: i32,
  inH: i32,
  inW: i32,
  ch: i32,
  outH: i32,
  outW: i32,
  fh: i32,
  fw: i32,
  sh: i32,
  sw: i32,
  top: i32,
  left: i32,
): void {
  if (
    fh == 2 && fw == 2 && sh == 2 && sw == 2 && top == 0 && left == 0 &&
    ch >= 4 && 2 * outH <= inH && 2 * outW <= inW
  ) {
    maxPoolGrad2x2(x, y, dy, dx, batch, inH, inW, ch, outH, outW);
    return;
  }
  if (ch >= 4) {
    maxPoolGradWindows(
      x,
      y,
      dy,
      dx,
      batch,
      inH,
      inW,
      ch,
      outH,
      outW,
      fh,
      fw,
      sh,
      sw,
      top,
      left,
    );
    return;
  }
  const rowStride = inW * ch;
  const imageStride = inH * rowStride;
  memory.fill(dx, 0, <usize> (batch * imageStride) << 2);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const base = b * imageStride;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * sh - top;
      const ya = max(0, y0);
      const yb = min(inH, y0 + fh);
      for (let ox = 0; ox < outW; ox++, o += ch) {
        const x0 = ox * sw - left;
        const xa = max(0, x0);
        const xb = min(inW, x0 + fw);
        if (ya >= yb || xa >= xb) continue;
        const first = base + ya * rowStride + xa * ch;
        for (let c = 0; c < ch; c++) {
          const target = load<f32>(y + (<usize> (o + c) << 2));
          let at = first + c;
          let found = false;
          for (let yy = ya; yy < yb && !found; yy++) {
            let p = base + yy * rowStride + xa * ch + c;
            for (let xx = xa; xx < xb; xx++, p += ch) {
              if (load<f32>(x + (<usize> p << 2)) == target) {
                at = p;
                found = true;
                break;
              }
            }
          }
          const q = dx + (<usize> at << 2);
          store<f32>(q, load<f32>(q) + load<f32>(dy + (<usize> (o + c) << 2)));
        }
      }
    }
  }
}

// ---------------------------------------------------------------- filter gradient

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

/** Lanes of the 4-channel group at `c` that the previous group (ending at `done`) did not cover. */
function keepMask(c: i32, done: i32): v128 {
  const lane = i32x4.add(i32x4.splat(c), i32x4(0, 1, 2, 3));
  return i32x4.ge_s(lane, i32x4.splat(done));
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
      let xp = xi + <usize> i * rowX;
      // Per-row partial sums keep float32 rounding error low.
      let ra0 = f32x4.splat(0),
        ra1 = f32x4.splat(0),
        ra2 = f32x4.splat(0),
        ra3 = f32x4.splat(0),
        rb0 = f32x4.splat(0),
        rb1 = f32x4.splat(0),
        rb2 = f32x4.splat(0),
        rb3 = f32x4.splat(0);
      for (let j = 0; j < ow; j++) {
        const d0 = v128.load(dp);
        const d1 = v128.load(dp, 16);
        const d2 = v128.load(dp, 32);
        const d3 = v128.load(dp, 48);
        const s = v128.load32_splat(xp + o0);
        const t = v128.load32_splat(xp + o1);
        ra0 = f32x4.add(ra0, f32x4.mul(s, d0));
        ra1 = f32x4.add(ra1, f32x4.mul(s, d1));
        ra2 = f32x4.add(ra2, f32x4.mul(s, d2));
        ra3 = f32x4.add(ra3, f32x4.mul(s, d3));
        rb0 = f32x4.add(rb0, f32x4.mul(t, d0));
        rb1 = f32x4.add(rb1, f32x4.mul(t, d1));
        rb2 = f32x4.add(rb2, f32x4.mul(t, d2));
        rb3 = f32x4.add(rb3, f32x4.mul(t, d3));
        dp += stepDy;
        xp += stepX;
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
        ra0 = f32x4.add(ra0, f32x4.mul(s0, d0));
        ra1 = f32x4.add(ra1, f32x4.mul(s0, d1));
        rb0 = f32x4.add(rb0, f32x4.mul(s1, d0));
        rb1 = f32x4.add(rb1, f32x4.mul(s1, d1));
        re0 = f32x4.add(re0, f32x4.mul(s2, d0));
        re1 = f32x4.add(re1, f32x4.mul(s2, d1));
        rf0 = f32x4.add(rf0, f32x4.mul(s3, d0));
        rf1 = f32x4.add(rf1, f32x4.mul(s3, d1));
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
        ra0 = f32x4.add(ra0, f32x4.mul(v128.load32_splat(xp + o0), d));
        ra1 = f32x4.add(ra1, f32x4.mul(v128.load32_splat(xp + o1), d));
        ra2 = f32x4.add(ra2, f32x4.mul(v128.load32_splat(xp + o2), d));
        ra3 = f32x4.add(ra3, f32x4.mul(v128.load32_splat(xp + o3), d));
        ra4 = f32x4.add(ra4, f32x4.mul(v128.load32_splat(xp + o4), d));
        ra5 = f32x4.add(ra5, f32x4.mul(v128.load32_splat(xp + o5), d));
        ra6 = f32x4.add(ra6, f32x4.mul(v128.load32_splat(xp + o6), d));
        ra7 = f32x4.add(ra7, f32x4.mul(v128.load32_splat(xp + o7), d));
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

// ---------------------------------------------------------------- sums

/**
 * Sums the `rows` rows of `x` (`[rows, width]`, `width` a multiple of 4)
 * into the float64 `acc` (`width` values, overwritten): blocks of 64 rows in
 * float32 registers, each block's sum added in float64.
 */
export function sumRows(x: usize, rows: i32, width: i32, acc: usize): void {
  memory.fill(acc, 0, <usize> width << 3);
  const stride = <usize> width << 2;
  for (let r0 = 0; r0 < rows; r0 += 64) {
    const r1 = min(rows, r0 + 64);
    for (let c = 0; c < width; c += 4) {
      let p = x + (<usize> (r0 * width + c) << 2);
      let s = f32x4.splat(0);
      for (let r = r0; r < r1; r++) {
        s = f32x4.add(s, v128.load(p));
        p += stride;
      }
      const a = acc + (<usize> c << 3);
      v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(s)));
      const hi = v128.shuffle<f32>(s, s, 2, 3, 0, 1);
      v128.store(
        a,
        f64x2.add(v128.load(a, 16), f64x2.promote_low_f32x4(hi)),
        16,
      );
    }
  }
}
