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
