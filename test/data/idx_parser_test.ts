import assert from "node:assert/strict";
import { parseIdx } from "../../lib/data/idx.ts";
import { DataError } from "../../lib/data/errors.ts";
import { makeIdx } from "./helpers.ts";

const FILE = "data/train-images-idx3-ubyte";
const REMEDY = "Delete it and run again.";

Deno.test("parseIdx reads shape and data of a valid images file", () => {
  const { shape, data } = parseIdx(
    makeIdx([2, 3, 4]),
    FILE,
    { ndims: 3 },
    REMEDY,
  );
  assert.deepEqual(shape, [2, 3, 4]);
  assert.equal(data.length, 24);
  assert.deepEqual(Array.from(data.subarray(0, 5)), [0, 1, 2, 3, 4]);
});

Deno.test("parseIdx checks the expected sizes", () => {
  assert.throws(
    () =>
      parseIdx(
        makeIdx([2, 3, 4]),
        FILE,
        { ndims: 3, shape: [2, 28, 28] },
        REMEDY,
      ),
    (e: Error) =>
      e instanceof DataError &&
      e.message.includes("shape is [2, 3, 4], expected [2, 28, 28]") &&
      e.message.includes(FILE) && e.message.includes(REMEDY),
  );
});

Deno.test("truncated IDX file: error names the file, both sizes and the fix", () => {
  const bytes = makeIdx([10, 28, 28]).subarray(0, 5000);
  assert.throws(
    () => parseIdx(bytes, FILE, { ndims: 3 }, REMEDY),
    (e: Error) =>
      e instanceof DataError && e.file === FILE &&
      e.message.includes(`${FILE} is not a valid MNIST IDX 3-D images file`) &&
      e.message.includes("truncated: 5000 bytes, expected 7856") &&
      e.message.includes(REMEDY),
  );
});

Deno.test("IDX file shorter than its header is reported as truncated", () => {
  assert.throws(
    () =>
      parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0]), FILE, { ndims: 3 }, REMEDY),
    /truncated \(6 bytes, shorter than the 16-byte header\)/,
  );
});

Deno.test("IDX file shorter than its magic number is reported as truncated", () => {
  assert.throws(
    () => parseIdx(new Uint8Array([0, 0]), FILE, { ndims: 1 }, REMEDY),
    /truncated \(2 bytes, too short for the magic number\)/,
  );
});

Deno.test("IDX file with trailing bytes is refused", () => {
  const bytes = new Uint8Array([...makeIdx([3]), 1, 2]);
  assert.throws(
    () => parseIdx(bytes, "labels", { ndims: 1 }, REMEDY),
    /trailing bytes: 13 bytes, expected 11/,
  );
});

Deno.test("wrong magic number: a labels file where images are expected", () => {
  assert.throws(
    () => parseIdx(makeIdx([5]), FILE, { ndims: 3 }, REMEDY),
    /wrong magic number 0x00000801, expected 0x00000803/,
  );
});

Deno.test("wrong magic number: random bytes, and a gzip file gets a hint", () => {
  const junk = new TextEncoder().encode("<html>not found</html>");
  assert.throws(
    () => parseIdx(junk, FILE, { ndims: 3 }, REMEDY),
    /wrong magic number 0x3c68746d/,
  );
  const gz = new Uint8Array([
    0x1f,
    0x8b,
    8,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ]);
  assert.throws(
    () => parseIdx(gz, FILE, { ndims: 3 }, REMEDY),
    /looks gzip-compressed/,
  );
});
