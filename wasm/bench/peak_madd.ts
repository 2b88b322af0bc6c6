// Peak f32 SIMD multiply-add throughput (AssemblyScript; built and run by
// tools/perf/peak.ts). Twelve independent accumulators, so the loop is bound
// by the multiply-add throughput, not by one chain's latency. Built twice:
// with SIMD128 only (a `mul` then an `add`) and with `--enable relaxed-simd`
// (one fused `relaxed_madd`), used where the engine validates it.

// No `@inline` (deno fmt cannot parse a decorated function): at -O3 binaryen
// inlines `step` anyway; the built module has one function, `mulAdd`.
function step(acc: v128, m: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(acc, m, c);
  return f32x4.add(f32x4.mul(acc, m), c);
}

/**
 * `iterations` × 12 × 4 multiply-adds of `a = a·factor + addend` (the
 * caller passes 0.999999 and 1e-7). Both come in as arguments: constants
 * written here would be folded into every multiply-add as a `v128.const`,
 * which V8 materialises again on each use, and the loop would time that.
 */
export function mulAdd(
  iterations: i32,
  seed: f32,
  factor: f32,
  addend: f32,
): f32 {
  const m = f32x4.splat(factor);
  const c = f32x4.splat(addend);
  let a0 = f32x4.splat(seed);
  let a1 = f32x4.add(a0, c);
  let a2 = f32x4.add(a1, c);
  let a3 = f32x4.add(a2, c);
  let a4 = f32x4.add(a3, c);
  let a5 = f32x4.add(a4, c);
  let a6 = f32x4.add(a5, c);
  let a7 = f32x4.add(a6, c);
  let a8 = f32x4.add(a7, c);
  let a9 = f32x4.add(a8, c);
  let a10 = f32x4.add(a9, c);
  let a11 = f32x4.add(a10, c);
  for (let i = 0; i < iterations; i++) {
    a0 = step(a0, m, c);
    a1 = step(a1, m, c);
    a2 = step(a2, m, c);
    a3 = step(a3, m, c);
    a4 = step(a4, m, c);
    a5 = step(a5, m, c);
    a6 = step(a6, m, c);
    a7 = step(a7, m, c);
    a8 = step(a8, m, c);
    a9 = step(a9, m, c);
    a10 = step(a10, m, c);
    a11 = step(a11, m, c);
  }
  const s = f32x4.add(
    f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)),
    f32x4.add(
      f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)),
      f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11)),
    ),
  );
  return f32x4.extract_lane(s, 0);
}
