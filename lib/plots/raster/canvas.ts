/**
 * A tiny RGB raster: rectangles, lines, dots, scaled pixel images and bitmap
 * text, encoded as PNG with `fast-png`. Enough to redraw the course's plotly
 * figures for viewers that cannot run JavaScript.
 *
 * @module
 */
import { encode } from "fast-png";
import { CAP_ROWS, glyph, GLYPH_ROWS, lineHeight, textWidth } from "./font.ts";

/** An RGB colour, each channel 0–255. */
export type Rgb = readonly [number, number, number];

/** White, the figures' background (plotly's default `paper_bgcolor`). */
export const WHITE: Rgb = [255, 255, 255];
/** The text colour of plotly's default template (`#444`). */
export const INK: Rgb = [0x44, 0x44, 0x44];
/** Grid lines, light grey as plotly's default template draws them (`#eee`). */
export const GRID: Rgb = [0xee, 0xee, 0xee];

/** `#rrggbb`, `#rgb` or `rgb(r, g, b)` as {@link Rgb}; throws on anything else. */
export function parseColor(css: string): Rgb {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(css.trim());
  if (hex) {
    const h = hex[1].length === 3
      ? [...hex[1]].map((c) => c + c).join("")
      : hex[1];
    const n = parseInt(h, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const fn = /^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/i.exec(css.trim());
  if (fn) return [Number(fn[1]), Number(fn[2]), Number(fn[3])];
  throw new RangeError(`parseColor: "${css}" is not #rrggbb or rgb(r, g, b).`);
}

/** Where a text's anchor point lies horizontally. */
export type Align = "left" | "center" | "right";
/** Where a text's anchor point lies vertically: top of the line box, its middle, or its bottom. */
export type Baseline = "top" | "middle" | "bottom";

/** Options of {@link Canvas.text}. */
export interface TextOptions {
  /** Whole-pixel magnification of the 5×7 font (default 1). */
  scale?: number;
  /** Text colour (default {@link INK}). */
  color?: Rgb;
  /** Horizontal anchor (default `"left"`). */
  align?: Align;
  /** Vertical anchor (default `"top"`). */
  baseline?: Baseline;
  /** Draw the text turned 90° counter-clockwise, reading upwards (y-axis titles). */
  vertical?: boolean;
  /** Thicken strokes by one pixel to the right (titles), as a bold face would. */
  bold?: boolean;
}

/** An RGB picture being drawn; coordinates are pixels from the top-left corner. */
export class Canvas {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** Pixels, 3 bytes per pixel, row by row. */
  readonly data: Uint8Array;

  /** A `width`×`height` picture filled with `background`. */
  constructor(width: number, height: number, background: Rgb = WHITE) {
    if (!(Number.isInteger(width) && Number.isInteger(height))) {
      throw new RangeError(`Canvas: size ${width}×${height} is not whole.`);
    }
    if (width < 1 || height < 1 || width * height > 16_000_000) {
      throw new RangeError(
        `Canvas: size ${width}×${height} is outside 1 px to 16 megapixels.`,
      );
    }
    this.width = width;
    this.height = height;
    this.data = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  /** Colours one pixel; points outside the picture are ignored (clipping). */
  set(x: number, y: number, color: Rgb): void {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const p = (y * this.width + x) * 3;
    this.data[p] = color[0];
    this.data[p + 1] = color[1];
    this.data[p + 2] = color[2];
  }

  /** The colour at a pixel. */
  get(x: number, y: number): Rgb {
    const p = (y * this.width + x) * 3;
    return [this.data[p], this.data[p + 1], this.data[p + 2]];
  }

  /** Fills the rectangle with top-left corner (x, y), clipped to the picture. */
  fillRect(x: number, y: number, w: number, h: number, color: Rgb): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++) {
      for (let p = (yy * this.width + x0) * 3, xx = x0; xx < x1; xx++) {
        this.data[p++] = color[0];
        this.data[p++] = color[1];
        this.data[p++] = color[2];
      }
    }
  }

  /** Draws the outline of a rectangle, `thickness` pixels inside its edge. */
  strokeRect(
    x: number,
    y: number,
    w: number,
    h: number,
    color: Rgb,
    thickness = 1,
  ): void {
    const t = thickness;
    this.fillRect(x, y, w, t, color);
    this.fillRect(x, y + h - t, w, t, color);
    this.fillRect(x, y, t, h, color);
    this.fillRect(x + w - t, y, t, h, color);
  }

  /** A straight line `width` pixels thick (a square brush moved along Bresenham's steps). */
  line(
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    color: Rgb,
    width = 1,
  ): void {
    let [x, y] = [Math.round(x0), Math.round(y0)];
    const [xe, ye] = [Math.round(x1), Math.round(y1)];
    const dx = Math.abs(xe - x);
    const dy = -Math.abs(ye - y);
    const sx = x < xe ? 1 : -1;
    const sy = y < ye ? 1 : -1;
    const off = Math.floor((width - 1) / 2);
    let err = dx + dy;
    for (;;) {
      this.fillRect(x - off, y - off, width, width, color);
      if (x === xe && y === ye) break;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y += sy;
      }
    }
  }

  /** A filled disc of radius `r` centred on (cx, cy): line markers and legend dots. */
  disc(cx: number, cy: number, r: number, color: Rgb): void {
    const [x0, y0] = [Math.round(cx), Math.round(cy)];
    const ri = Math.ceil(r);
    for (let dy = -ri; dy <= ri; dy++) {
      for (let dx = -ri; dx <= ri; dx++) {
        if (dx * dx + dy * dy <= r * r + r * 0.8) {
          this.set(x0 + dx, y0 + dy, color);
        }
      }
    }
  }

  /**
   * Paints `w`×`h` source pixels (colour of each from `colorAt(col, row)`)
   * with each pixel enlarged to a `scale`×`scale` block, top-left at (x, y):
   * heatmaps drawn nearest-neighbour, as plotly draws small images.
   */
  pixels(
    x: number,
    y: number,
    w: number,
    h: number,
    scale: number,
    colorAt: (col: number, row: number) => Rgb,
  ): void {
    for (let row = 0; row < h; row++) {
      for (let col = 0; col < w; col++) {
        this.fillRect(
          x + col * scale,
          y + row * scale,
          scale,
          scale,
          colorAt(col, row),
        );
      }
    }
  }

  /**
   * Writes one line of text with the bitmap font, anchored at (x, y) as
   * `align`/`baseline` say; returns its box `[left, top, width, height]`
   * (before turning, for vertical text).
   */
  text(
    content: string,
    x: number,
    y: number,
    options: TextOptions = {},
  ): [number, number, number, number] {
    const s = Math.max(1, Math.round(options.scale ?? 1));
    const color = options.color ?? INK;
    const w = textWidth(content, s);
    const h = lineHeight(s);
    // Along the reading direction, and across it.
    const along = options.align === "center"
      ? -w / 2
      : options.align === "right"
      ? -w
      : 0;
    const across = options.baseline === "middle"
      ? -CAP_ROWS * s / 2
      : options.baseline === "bottom"
      ? -h
      : 0;
    const b = options.bold ? 1 : 0;
    const plot = options.vertical
      // Turned counter-clockwise: reading goes up from (x, y), glyph tops face left.
      ? (u: number, v: number) =>
        this.fillRect(x + across + v, y - along - u - s - b, s, s + b, color)
      : (u: number, v: number) =>
        this.fillRect(x + along + u, y + across + v, s + b, s, color);
    let u = 0;
    for (const ch of content) {
      const g = glyph(ch);
      for (let r = 0; r < GLYPH_ROWS; r++) {
        const mask = g.rows[r];
        for (let c = 0; mask >> c; c++) {
          if (mask & (1 << c)) plot(u + c * s, r * s);
        }
      }
      u += (g.width + 1) * s;
    }
    return options.vertical
      ? [x + across, y - along - w, h, w]
      : [x + along, y + across, w, h];
  }

  /** The picture as PNG bytes (8-bit RGB). */
  toPng(): Uint8Array {
    return encode({
      width: this.width,
      height: this.height,
      data: this.data,
      channels: 3,
      depth: 8,
    });
  }
}
