/**
 * Minimal reader for numpy's `.npy` format (versions 1–3), limited to what
 * Keras's `mnist.npz` holds: unsigned bytes (`|u1`) in C order.
 *
 * @module
 */
import { DataError } from "./errors.ts";

/** A parsed `.npy` array of unsigned bytes (`data` is a view, not a copy). */
export interface NpyArray {
  /** numpy dtype descriptor as stored, e.g. `"|u1"`. */
  dtype: string;
  /** Array shape, e.g. `[60000, 28, 28]`. */
  shape: number[];
  /** Row-major bytes. */
  data: Uint8Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/**
 * Parses a `.npy` file holding a C-ordered `uint8` array.
 *
 * @param bytes the `.npy` member's bytes
 * @param file name for messages, e.g. `data/mnist.npz:x_train.npy`
 * @param remedy what the user should do if the array is bad
 * @throws {DataError} on a bad magic, an unsupported dtype/order, or a size mismatch
 */
export function parseNpy(
  bytes: Uint8Array,
  file: string,
  remedy: string,
): NpyArray {
  const fail = (what: string) =>
    new DataError(
      file,
      `${file} is not a valid uint8 .npy array: ${what}. ${remedy}`,
    );
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw fail("missing the \\x93NUMPY magic string");
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerStart: number, headerLen: number;
  if (major === 1) {
    headerStart = 10;
    headerLen = view.getUint16(8, true);
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw fail("truncated header");
    headerStart = 12;
    headerLen = view.getUint32(8, true);
  } else {
    throw fail(`unsupported .npy format version ${major}`);
  }
  if (headerStart + headerLen > bytes.length) throw fail("truncated header");
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(
    bytes.subarray(headerStart, headerStart + headerLen),
  );
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw fail(`unreadable header ${JSON.stringify(header.trim())}`);
  }
  if (descr !== "|u1" && descr !== "u1" && descr !== "<u1" && descr !== ">u1") {
    throw fail(`dtype is '${descr}', expected '|u1' (uint8)`);
  }
  if (fortran === "True") {
    throw fail("it is in Fortran order, expected C order");
  }
  const shape = shapeText.split(",").map((s) => s.trim()).filter((s) =>
    s !== ""
  )
    .map(Number);
  if (shape.some((s) => !Number.isInteger(s) || s < 0)) {
    throw fail(`bad shape (${shapeText})`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLen;
  if (bytes.length - dataStart !== count) {
    throw fail(
      `${bytes.length - dataStart} data bytes, expected ${count} for shape [${
        shape.join(", ")
      }]` +
        (bytes.length - dataStart < count ? " (truncated)" : ""),
    );
  }
  return { dtype: descr, shape, data: bytes.subarray(dataStart) };
}
