// Assertions shared by the plots tests (node:assert, since JSR is not reachable here).
import assert from "node:assert/strict";

/** Fails unless `text` contains `part`. */
export function assertIncludes(text: string, part: string): void {
  assert.ok(
    text.includes(part),
    `expected to find ${JSON.stringify(part)} in ${
      JSON.stringify(text.slice(0, 300))
    }`,
  );
}

type ErrorClass = new (...args: never[]) => Error;

function matches(type: ErrorClass, message: string) {
  return (err: unknown) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${err}`);
    assertIncludes((err as Error).message, message);
    return true;
  };
}

/** Awaits `fn` and fails unless it rejects with `type` and a message containing `message`. */
export async function assertRejects(
  fn: () => Promise<unknown>,
  type: ErrorClass,
  message: string,
) {
  await assert.rejects(fn, matches(type, message));
}

/** Fails unless `fn` throws `type` with a message containing `message`. */
export function assertThrows(
  fn: () => unknown,
  type: ErrorClass,
  message: string,
) {
  assert.throws(fn, matches(type, message));
}

/** Occurrences of `needle` in `text`. */
export function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** Decodes base64 to bytes. */
export function fromBase64(b64: string): Uint8Array {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/** A decoded RGB(A) PNG, or a raster Canvas (RGB). */
export interface Picture {
  width: number;
  height: number;
  channels?: number;
  data: ArrayLike<number>;
}

/** Decodes a base64 `image/png` (fast-png). */
export async function decodePng(b64: string): Promise<Picture> {
  const { decode } = await import("fast-png");
  const png = decode(fromBase64(b64));
  return {
    width: png.width,
    height: png.height,
    channels: png.channels,
    data: png.data,
  };
}

/** The RGB of one pixel. */
export function pixel(p: Picture, x: number, y: number): number[] {
  const i = (y * p.width + x) * (p.channels ?? 3);
  return [p.data[i], p.data[i + 1], p.data[i + 2]];
}

/** The bounding box `[x0, y0, x1, y1]` (inclusive) of pixels in the region for which `is` holds, or undefined. */
export function inkBox(
  p: Picture,
  region: [number, number, number, number],
  is: (rgb: number[]) => boolean,
): [number, number, number, number] | undefined {
  const [rx0, ry0, rx1, ry1] = region;
  let box: [number, number, number, number] | undefined;
  for (let y = Math.max(0, ry0); y <= Math.min(p.height - 1, ry1); y++) {
    for (let x = Math.max(0, rx0); x <= Math.min(p.width - 1, rx1); x++) {
      if (!is(pixel(p, x, y))) continue;
      box = box
        ? [
          Math.min(box[0], x),
          Math.min(box[1], y),
          Math.max(box[2], x),
          Math.max(box[3], y),
        ]
        : [x, y, x, y];
    }
  }
  return box;
}

/** The region's pixels as rows of "#" (where `is` holds) and "." — to compare text rendered in two places. */
export function pattern(
  p: Picture,
  box: [number, number, number, number],
  is: (rgb: number[]) => boolean,
): string {
  const rows: string[] = [];
  for (let y = box[1]; y <= box[3]; y++) {
    let row = "";
    for (let x = box[0]; x <= box[2]; x++) {
      row += is(pixel(p, x, y)) ? "#" : ".";
    }
    rows.push(row);
  }
  return rows.join("\n");
}

/** Plotly's text grey (#444), the ink of titles, ticks and labels in the PNGs. */
export const isInk = (rgb: number[]): boolean =>
  rgb[0] === 0x44 && rgb[1] === 0x44 && rgb[2] === 0x44;
