/**
 * Parser for the IDX format of the original MNIST files
 * (`train-images-idx3-ubyte` …): a big-endian header
 * `0x00 0x00 <type> <ndims>`, `ndims` 32-bit sizes, then the raw data.
 *
 * @module
 */
import { DataError } from "./errors.ts";

/** IDX type code for unsigned bytes, the only type MNIST uses. */
const UBYTE = 0x08;

/** A parsed IDX array of unsigned bytes (`data` is a view, not a copy). */
export interface IdxArray {
  /** Sizes of each dimension, e.g. `[60000, 28, 28]`. */
  shape: number[];
  /** Row-major pixel or label bytes, `shape` product long. */
  data: Uint8Array;
}

/** What the caller expects, so a swapped or wrong file is caught with a clear message. */
export interface IdxExpectation {
  /** Number of dimensions (3 for images, 1 for labels). */
  ndims: number;
  /** Exact sizes; omitted sizes are not checked. */
  shape?: number[];
}

const hex32 = (n: number) => "0x" + (n >>> 0).toString(16).padStart(8, "0");

/**
 * Parses an IDX unsigned-byte file, checking the magic number, the number of
 * dimensions, the sizes and that the file is exactly as long as its header says.
 *
 * @param bytes the whole file
 * @param file its path, for error messages
 * @param expect expected dimensions (and optionally sizes)
 * @param remedy what to tell the user to do when the file is bad
 * @throws {DataError} on any mismatch
 *
 * @example
 * ```ts
 * const { shape, data } = parseIdx(bytes, "data/train-labels-idx1-ubyte", { ndims: 1 }, "Delete it.");
 * ```
 */
export function parseIdx(
  bytes: Uint8Array,
  file: string,
  expect: IdxExpectation,
  remedy: string,
): IdxArray {
  const expectedMagic = (UBYTE << 8) | expect.ndims;
  const kind = expect.ndims === 1 ? "labels" : `${expect.ndims}-D images`;
  const fail = (what: string) =>
    new DataError(
      file,
      `${file} is not a valid MNIST IDX ${kind} file: ${what}. ${remedy}`,
    );

  if (bytes.length < 4) {
    throw fail(
      `it is truncated (${bytes.length} bytes, too short for the magic number)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== expectedMagic) {
    const gz = bytes[0] === 0x1f && bytes[1] === 0x8b
      ? " (it looks gzip-compressed: give it a .gz suffix or gunzip it)"
      : "";
    throw fail(
      `wrong magic number ${hex32(magic)}, expected ${
        hex32(expectedMagic)
      }${gz}`,
    );
  }
  const headerLen = 4 + 4 * expect.ndims;
  if (bytes.length < headerLen) {
    throw fail(
      `it is truncated (${bytes.length} bytes, shorter than the ${headerLen}-byte header)`,
    );
  }
  const shape: number[] = [];
  for (let d = 0; d < expect.ndims; d++) {
    shape.push(view.getUint32(4 + 4 * d, false));
  }
  if (expect.shape && expect.shape.some((s, i) => s !== shape[i])) {
    throw fail(
      `shape is [${shape.join(", ")}], expected [${expect.shape.join(", ")}]`,
    );
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const expectedLen = headerLen + count;
  if (bytes.length !== expectedLen) {
    const how = bytes.length < expectedLen
      ? "it is truncated"
      : "it has trailing bytes";
    throw fail(
      `${how}: ${bytes.length} bytes, expected ${expectedLen} ` +
        `(${headerLen}-byte header + ${shape.join("×")} values)`,
    );
  }
  return { shape, data: bytes.subarray(headerLen) };
}
