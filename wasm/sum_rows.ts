// Row sums behind bias gradients (AssemblyScript; see simd_kernels.ts).

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
      addBlock(acc, c, s);
    }
  }
}

/** Adds the 4 float32 lanes of `s` to the float64 `acc[c … c + 3]`. */
export function addBlock(acc: usize, c: i32, s: v128): void {
  const a = acc + (<usize> c << 3);
  v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(s)));
  const hi = v128.shuffle<f32>(s, s, 2, 3, 0, 1);
  v128.store(
    a,
    f64x2.add(v128.load(a, 16), f64x2.promote_low_f32x4(hi)),
    16,
  );
}
