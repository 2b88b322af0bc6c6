/**
 * `plots.imshow`: one grey image as a viridis heatmap, like matplotlib's
 * `plt.imshow(img); plt.title(...)`.
 *
 * @module
 */
import { showFigure } from "./bundle.ts";
import { finiteRange, VIRIDIS } from "./colormap.ts";
import type { PlotBundle, ShowOptions } from "./figure.ts";
import { imageRows } from "./grid.ts";
import { type ImageInput, toImage2D } from "./inputs.ts";
import { imshowPng } from "./raster/pictures.ts";

/** Options of {@link imshow}. */
export interface ImshowOptions extends ShowOptions {
  /** Title above the image (numbers are shown as text, e.g. the label `8`). */
  title?: string | number;
  /** Figure size in pixels (default 420). */
  size?: number;
}

/**
 * Shows a grey image `[h, w]` / `[h, w, 1]` (tensor or nested arrays) with
 * viridis colours, autoscaled to its min–max and with row 0 at the top, as
 * matplotlib does.
 *
 * @example
 * ```ts
 * const first = xTrain.slice([0], [1]).squeeze();   // [28, 28]
 * await plots.imshow(first, { title: 8 });
 * ```
 */
export async function imshow(
  image: ImageInput,
  options: ImshowOptions = {},
): Promise<PlotBundle> {
  const img = await toImage2D(image, "plots.imshow(image)");
  const title = options.title === undefined ? "" : String(options.title);
  const size = options.size ?? 420;
  const [min, max] = finiteRange(img.data);
  const axis = { showgrid: false, zeroline: false, ticks: "outside" };
  const layout: Record<string, unknown> = {
    width: size,
    height: size,
    margin: { l: 50, r: 20, t: title ? 50 : 20, b: 40 },
    xaxis: { ...axis, constrain: "domain" },
    yaxis: {
      ...axis,
      autorange: "reversed",
      scaleanchor: "x",
      constrain: "domain",
    },
  };
  if (title) layout.title = { text: title };
  const png = imshowPng(img, { size, title });
  const label = title ? ` "${title}"` : "";
  return await showFigure({
    figure: {
      data: [{
        type: "heatmap",
        z: imageRows(img),
        colorscale: VIRIDIS,
        showscale: false,
        hovertemplate: "x: %{x}<br>y: %{y}<br>value: %{z}<extra></extra>",
      }],
      layout,
    },
    png,
    summary: `<imshow ${img.height}×${img.width}${label}>`,
    text: `imshow${label}: ${img.height}×${img.width} image, values ${
      fmt(min)
    } to ${fmt(max)} (viridis)`,
  }, options);
}

function fmt(v: number): string {
  return Number(v.toPrecision(4)).toString();
}
