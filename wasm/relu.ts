// ReLU's gradient (AssemblyScript; see simd_kernels.ts).

/**
 * `dx[i] = dy[i]·step(x[i])` for `n` floats: ReLU's gradient from its input,
 * as tfjs computes it (`dy · cast(step(x))`), in one pass instead of three
 * kernels. `step` is 1 above 0, 0 at or below it and NaN for NaN, so a NaN
 * input still gives NaN and an infinite `dy` times 0 still gives NaN.
 */
export function reluGrad(x: usize, dy: usize, dx: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize> i << 2;
    const v = v128.load(x + off);
    const step = v128.bitselect(
      v,
      v128.and(f32x4.gt(v, zero), one),
      f32x4.ne(v, v),
    );
    v128.store(dx + off, f32x4.mul(v128.load(dy + off), step));
  }
  for (; i < n; i++) {
    const off = <usize> i << 2;
    const v = load<f32>(x + off);
    const step: f32 = v != v ? v : v > 0 ? 1 : 0;
    store<f32>(dx + off, load<f32>(dy + off) * step);
  }
}
