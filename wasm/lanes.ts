// Lane helpers shared by the SIMD kernels (AssemblyScript; see simd_kernels.ts).

/** Lanes of the 4-channel group at `c` that the previous group (ending at `done`) did not cover. */
export function keepMask(c: i32, done: i32): v128 {
  const lane = i32x4.add(i32x4.splat(c), i32x4(0, 1, 2, 3));
  return i32x4.ge_s(lane, i32x4.splat(done));
}

/**
 * `a + b·c` per lane: one fused multiply-add (`relaxed_madd`) in the
 * relaxed-SIMD build, a multiply then an add in the SIMD128 build. Fused
 * rounds once instead of twice, so the two builds differ in the last bit.
 */
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(b, c, a);
  return f32x4.add(a, f32x4.mul(b, c));
}

/** Stores the first `count` (1–4) lanes of `v` at `p`. */
export function storeLanes(p: usize, v: v128, count: i32): void {
  if (count >= 4) {
    v128.store(p, v);
    return;
  }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (count > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (count > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** `v`, or `max(v, 0)` when `relu`. */
export function activate(v: v128, relu: bool): v128 {
  return relu ? f32x4.max(v, f32x4.splat(0)) : v;
}
