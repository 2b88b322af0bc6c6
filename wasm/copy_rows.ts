// Strided row copies (AssemblyScript; see simd_kernels.ts), behind
// lib/backend/wasm_kernels/split_concat.ts: a channel-axis `Concat` or
// `SplitV` moves hundreds of thousands of rows of a few channels each.

/**
 * Copies rows `r0 … r1` of `width` bytes from `src + r·srcStride` to
 * `dst + r·dstStride`: 16 bytes at a time, then the last 0–15 bytes.
 */
export function copyRows(
  src: usize,
  srcStride: i32,
  dst: usize,
  dstStride: i32,
  width: i32,
  r0: i32,
  r1: i32,
): void {
  const vecEnd = width & ~15;
  for (let r = r0; r < r1; r++) {
    const s = src + <usize> r * <usize> srcStride;
    const d = dst + <usize> r * <usize> dstStride;
    if (width >= 1024) {
      memory.copy(d, s, <usize> width);
      continue;
    }
    let o = 0;
    for (; o + 32 <= vecEnd; o += 32) {
      const a = v128.load(s + o);
      const b = v128.load(s + o, 16);
      v128.store(d + o, a);
      v128.store(d + o, b, 16);
    }
    for (; o < vecEnd; o += 16) v128.store(d + o, v128.load(s + o));
    for (; o < width; o++) store<u8>(d + o, load<u8>(s + o));
  }
}
