/**
 * How the SIMD row kernels see a channels-last tensor: `group` rows of
 * `inner` values side by side make one SIMD row of `width` floats, a multiple
 * of 4 (6 channels: 2 rows of 12). The last `rows − wideRows·group` rows, at
 * most 3, do not fill a SIMD row; the kernels' callers do those themselves.
 *
 * @module
 */

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The SIMD view of `rows` rows of `inner` values. */
export interface LaneRows {
  /** Rows of the tensor per SIMD row. */
  group: number;
  /** Floats per SIMD row (`inner · group`, a multiple of 4). */
  width: number;
  /** Whole SIMD rows. */
  wideRows: number;
  /** The first tensor row that no SIMD row covers. */
  tailStart: number;
}

/** Lays `rows` rows of `inner` values out as SIMD rows. */
export function laneRows(rows: number, inner: number): LaneRows {
  const group = 4 / gcd(inner, 4);
  const wideRows = Math.floor(rows / group);
  return {
    group,
    width: inner * group,
    wideRows,
    tailStart: wideRows * group,
  };
}
