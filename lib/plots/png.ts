/**
 * Small viridis PNG previews (encoded with `fast-png`) so static notebook
 * viewers show the picture even where plotly.js cannot run.
 *
 * @module
 */
import { encode } from "fast-png";
import { finiteRange, viridisRgb } from "./colormap.ts";
import type { Image2D } from "./inputs.ts";

/** Options for {@link mosaicPng}. */
export interface MosaicOptions {
  /** Tiles per row (default: all in one row). */
  cols?: number;
  /** Blank pixels between tiles before scaling (default 1). */
  gap?: number;
  /** Target length of the longer side in pixels; tiles are scaled by a whole factor (default 240). */
  targetSize?: number;
}

/**
 * Encodes images as one PNG mosaic, each tile coloured with viridis over its
 * own value range (as each plotly heatmap autoscales), on a white background,
 * enlarged by a whole factor with nearest-neighbour pixels.
 *
 * @returns the PNG bytes and the pixel size.
 */
export function mosaicPng(
  images: Image2D[],
  options: MosaicOptions = {},
): { png: Uint8Array; width: number; height: number } {
  if (images.length === 0) {
    throw new RangeError("mosaicPng needs at least one image.");
  }
  const cols = Math.max(
    1,
    Math.min(options.cols ?? images.length, images.length),
  );
  const rows = Math.ceil(images.length / cols);
  const gap = options.gap ?? 1;
  const tileW = Math.max(...images.map((im) => im.width));
  const tileH = Math.max(...images.map((im) => im.height));
  const baseW = cols * tileW + (cols - 1) * gap;
  const baseH = rows * tileH + (rows - 1) * gap;
  const scale = Math.max(
    1,
    Math.floor((options.targetSize ?? 240) / Math.max(baseW, baseH)),
  );
  const width = baseW * scale;
  const height = baseH * scale;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  images.forEach((im, k) => {
    const [min, max] = finiteRange(im.data);
    const x0 = (k % cols) * (tileW + gap) * scale;
    const y0 = Math.floor(k / cols) * (tileH + gap) * scale;
    for (let y = 0; y < im.height; y++) {
      for (let x = 0; x < im.width; x++) {
        const c = viridisRgb(im.data[y * im.width + x], min, max);
        for (let dy = 0; dy < scale; dy++) {
          let p = ((y0 + y * scale + dy) * width + x0 + x * scale) * 3;
          for (let dx = 0; dx < scale; dx++, p += 3) rgb.set(c, p);
        }
      }
    }
  });
  const png = encode({ width, height, data: rgb, channels: 3, depth: 8 });
  return { png, width, height };
}

/** Standard base64 of bytes, as Jupyter expects for `image/png`. */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}
