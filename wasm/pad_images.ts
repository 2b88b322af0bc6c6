// Zero padding of NHWC images along height and width (AssemblyScript; see
// simd_kernels.ts), behind lib/backend/wasm_kernels/pad_rows.ts: every
// convolution gradient and direct convolution pads its input first, and on
// one thread in JavaScript that took 5–8 ms of a 60 ms convolution. Only
// the border is zeroed; the image rows are copied in one piece each.

/**
 * `dst[n, top + y, left + x, :] = src[n, y, x, :]` for images `n0 … n1`
 * (`src` `[N,h,w,c]`, `dst` `[N,h+top+bottom,w+left+right,c]` float32), the
 * rest of each `dst` image zero.
 */
export function padImages(
  src: usize,
  dst: usize,
  n0: i32,
  n1: i32,
  h: i32,
  w: i32,
  c: i32,
  top: i32,
  bottom: i32,
  left: i32,
  right: i32,
): void {
  const px = <usize> c << 2;
  const row = <usize> w * px; // bytes of a source row
  const before = <usize> left * px;
  const after = <usize> right * px;
  const dstRow = before + row + after;
  const image = <usize> (h + top + bottom) * dstRow;
  for (let n = n0; n < n1; n++) {
    let d = dst + <usize> n * image;
    let s = src + <usize> (n * h) * row;
    memory.fill(d, 0, <usize> top * dstRow);
    d += <usize> top * dstRow;
    for (let y = 0; y < h; y++) {
      memory.fill(d, 0, before);
      memory.copy(d + before, s, row);
      memory.fill(d + before + row, 0, after);
      d += dstRow;
      s += row;
    }
    memory.fill(d, 0, <usize> bottom * dstRow);
  }
}
