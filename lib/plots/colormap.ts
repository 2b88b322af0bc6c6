/**
 * Viridis, matplotlib's default colormap, for the PNG previews. The stops are
 * the ones plotly.js ships as `"Viridis"` (matplotlib's table sampled every 16
 * entries), so the PNG and the interactive figure show the same colours.
 *
 * @module
 */

/** Plotly's name for the colorscale used by every heatmap in `plots`. */
export const VIRIDIS = "Viridis";

/** Stops of the viridis colormap as `[position, "#rrggbb"]`, as plotly.js defines them. */
export const VIRIDIS_STOPS: readonly (readonly [number, string])[] = [
  [0, "#440154"],
  [0.06274509803921569, "#48186a"],
  [0.12549019607843137, "#472d7b"],
  [0.18823529411764706, "#424086"],
  [0.25098039215686274, "#3b528b"],
  [0.3137254901960784, "#33638d"],
  [0.3764705882352941, "#2c728e"],
  [0.4392156862745098, "#26828e"],
  [0.5019607843137255, "#21918c"],
  [0.5647058823529412, "#1fa088"],
  [0.6274509803921569, "#28ae80"],
  [0.6901960784313725, "#3fbc73"],
  [0.7529411764705882, "#5ec962"],
  [0.8156862745098039, "#84d44b"],
  [0.8784313725490196, "#addc30"],
  [0.9411764705882353, "#d8e219"],
  [1, "#fde725"],
];

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const STOP_RGB = VIRIDIS_STOPS.map(([, hex]) => hexToRgb(hex));

/**
 * Colour of `t` in [0, 1] (clamped) on the viridis scale, interpolated
 * linearly between the stops as plotly.js does.
 *
 * @example
 * ```ts
 * viridis(0); // [68, 1, 84]
 * ```
 */
export function viridis(t: number): [number, number, number] {
  const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  let i = 1;
  while (i < VIRIDIS_STOPS.length - 1 && VIRIDIS_STOPS[i][0] < x) i++;
  const [p0, p1] = [VIRIDIS_STOPS[i - 1][0], VIRIDIS_STOPS[i][0]];
  const f = (x - p0) / (p1 - p0);
  const a = STOP_RGB[i - 1];
  const b = STOP_RGB[i];
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f)) as [
    number,
    number,
    number,
  ];
}

/** 256-entry RGB lookup table of {@link viridis} (index = round(t·255)). */
export const VIRIDIS_LUT: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) lut.set(viridis(i / 255), i * 3);
  return lut;
})();

/**
 * The `[min, max]` of the finite values, as matplotlib's `imshow` autoscales;
 * `[0, 0]` when there is none.
 */
export function finiteRange(values: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [0, 0];
}

/**
 * RGB bytes of `value` scaled from `[min, max]` onto viridis. A constant image
 * (`min === max`) maps to the bottom colour, as matplotlib does; non-finite
 * values are white.
 */
export function viridisRgb(
  value: number,
  min: number,
  max: number,
): [number, number, number] {
  if (!Number.isFinite(value)) return [255, 255, 255];
  const t = max > min ? (value - min) / (max - min) : 0;
  const i = Math.round(Math.min(1, Math.max(0, t)) * 255) * 3;
  return [VIRIDIS_LUT[i], VIRIDIS_LUT[i + 1], VIRIDIS_LUT[i + 2]];
}
