// `tanh` (AssemblyScript; see simd_kernels.ts).

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
