// Lane masks shared by the SIMD kernels (AssemblyScript; see simd_kernels.ts).

/** Lanes of the 4-channel group at `c` that the previous group (ending at `done`) did not cover. */
export function keepMask(c: i32, done: i32): v128 {
  const lane = i32x4.add(i32x4.splat(c), i32x4(0, 1, 2, 3));
  return i32x4.ge_s(lane, i32x4.splat(done));
}
