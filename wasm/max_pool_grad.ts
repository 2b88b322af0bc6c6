// The max-pool gradient (AssemblyScript; see simd_kernels.ts).
import { keepMask } from "./lanes";

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
