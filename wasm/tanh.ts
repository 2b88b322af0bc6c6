// `tanh` (AssemblyScript; see simd_kernels.ts).

import { storeLanes } from "./lanes";

/** The first `k` (1–3) floats at `p` in the low lanes (the others repeat lane 0). */
function loadPart(p: usize, k: i32): v128 {
  let v = f32x4.splat(load<f32>(p));
  if (k > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (k > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/**
 * `y[i] = tanh(x[i])` for `n` floats, as Eigen's `generic_fast_tanh_float`:
 * an odd rational function on x clamped to ±7.9988 (where tanh is 1 in
 * float32), a few ulp from the exact value. NaN stays NaN (pmin/pmax return
 * their first operand).
 *
 * `one` must be 1: the caller passes it so the coefficients are values
 * binaryen cannot know. Written as literals, binaryen folds each into its
 * use as a `v128.const`, and V8 rebuilds every such constant on every
 * iteration (four instructions each, thirteen of them here); as values they
 * are computed once per call and stay in registers.
 */
export function tanh(x: usize, y: usize, n: i32, one: f32): void {
  const lo = f32x4.splat(<f32> -7.99881172180175781 * one);
  const hi = f32x4.splat(<f32> 7.99881172180175781 * one);
  const p6 = f32x4.splat(<f32> -2.76076847742355e-16 * one);
  const p5 = f32x4.splat(<f32> 2.00018790482477e-13 * one);
  const p4 = f32x4.splat(<f32> -8.60467152213735e-11 * one);
  const p3 = f32x4.splat(<f32> 5.12229709037114e-8 * one);
  const p2 = f32x4.splat(<f32> 1.48572235717979e-5 * one);
  const p1 = f32x4.splat(<f32> 6.37261928875436e-4 * one);
  const p0 = f32x4.splat(<f32> 4.89352455891786e-3 * one);
  const q3 = f32x4.splat(<f32> 1.19825839466702e-6 * one);
  const q2 = f32x4.splat(<f32> 1.18534705686654e-4 * one);
  const q1 = f32x4.splat(<f32> 2.26843463243900e-3 * one);
  const q0 = f32x4.splat(<f32> 4.89352518554385e-3 * one);
  for (let i = 0; i < n; i += 4) {
    const at = x + (<usize> i << 2);
    const to = y + (<usize> i << 2);
    // One loop for the full vectors and the last 1–3 floats: the test is
    // predicted, and the rational function is written once.
    const left = n - i;
    const v = left >= 4 ? v128.load(at) : loadPart(at, left);
    const t = f32x4.pmin(f32x4.pmax(v, lo), hi);
    const t2 = f32x4.mul(t, t);
    let p = f32x4.add(f32x4.mul(p6, t2), p5);
    p = f32x4.add(f32x4.mul(p, t2), p4);
    p = f32x4.add(f32x4.mul(p, t2), p3);
    p = f32x4.add(f32x4.mul(p, t2), p2);
    p = f32x4.add(f32x4.mul(p, t2), p1);
    p = f32x4.add(f32x4.mul(p, t2), p0);
    p = f32x4.mul(p, t);
    let q = f32x4.add(f32x4.mul(q3, t2), q2);
    q = f32x4.add(f32x4.mul(q, t2), q1);
    q = f32x4.add(f32x4.mul(q, t2), q0);
    const r = f32x4.div(p, q);
    storeLanes(to, r, left);
  }
}

/** `dx[i] = dy[i]·(1 − y[i]²)` for `n` floats: tanh's gradient from its output. */
export function tanhGrad(y: usize, dy: usize, dx: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize> i << 2;
    const v = v128.load(y + off);
    v128.store(
      dx + off,
      f32x4.mul(v128.load(dy + off), f32x4.sub(one, f32x4.mul(v, v))),
    );
  }
  for (; i < n; i++) {
    const off = <usize> i << 2;
    const v = load<f32>(y + off);
    store<f32>(dx + off, load<f32>(dy + off) * (1 - v * v));
  }
}
