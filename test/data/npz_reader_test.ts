import assert from "node:assert/strict";
import { zipSync } from "fflate";
import { readNpz } from "../../lib/data/npz.ts";
import { parseNpy } from "../../lib/data/npy.ts";
import { DataError } from "../../lib/data/errors.ts";
import { FIXTURES } from "./helpers.ts";

const NAMES = ["x_train", "y_train", "x_test", "y_test"] as const;
const REMEDY = "Delete it and run again.";

/** A .npy file as numpy writes it (format 1.0, header padded to 64 bytes). */
function npy(
  descr: string,
  shape: number[],
  data: Uint8Array,
  fortran = false,
): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  let header = `{'descr': '${descr}', 'fortran_order': ${
    fortran ? "True" : "False"
  }, 'shape': (${dims}), }`;
  header = header.padEnd(Math.ceil((header.length + 11) / 64) * 64 - 11) + "\n";
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(data, 10 + header.length);
  return out;
}

for (const name of ["mnist_tiny.npz", "mnist_tiny_stored.npz"]) {
  Deno.test(`readNpz reads numpy's own ${name} (real MNIST samples)`, async () => {
    const bytes = await Deno.readFile(new URL(name, FIXTURES));
    const a = readNpz(bytes, name, NAMES, REMEDY);
    assert.deepEqual(a.x_train.shape, [5, 28, 28]);
    assert.deepEqual(a.x_test.shape, [3, 28, 28]);
    assert.deepEqual(Array.from(a.y_train.data), [5, 0, 4, 1, 9]);
    assert.deepEqual(Array.from(a.y_test.data), [7, 2, 1]);
    assert.equal(a.x_train.dtype, "|u1");
    assert.equal(Math.max(...a.x_train.data), 255);
  });
}

Deno.test("truncated npz: error names the file and says what to do", async () => {
  const bytes = await Deno.readFile(new URL("mnist_tiny.npz", FIXTURES));
  assert.throws(
    () => readNpz(bytes.subarray(0, 1000), "data/mnist.npz", NAMES, REMEDY),
    (e: Error) =>
      e instanceof DataError && e.file === "data/mnist.npz" &&
      e.message.startsWith(
        "data/mnist.npz is not a readable .npz (zip) archive",
      ) &&
      e.message.includes("truncated or corrupt") && e.message.includes(REMEDY),
  );
});

Deno.test("corrupt deflate data in an npz is reported, not returned", async () => {
  const bytes = new Uint8Array(
    await Deno.readFile(new URL("mnist_tiny.npz", FIXTURES)),
  );
  // Damage the first compressed member (local header is 30 bytes + name + extra).
  for (let i = 60; i < 400; i++) bytes[i] ^= 0xa5;
  assert.throws(() => readNpz(bytes, "mnist.npz", NAMES, REMEDY), DataError);
});

Deno.test("npz missing an array names the expected members", () => {
  const zip = zipSync({
    "x_train.npy": npy("|u1", [1, 2, 2], new Uint8Array(4)),
  });
  assert.throws(
    () => readNpz(zip, "mnist.npz", NAMES, REMEDY),
    /mnist.npz has no array 'y_train' \(expected x_train.npy, y_train.npy, x_test.npy, y_test.npy\)/,
  );
});

Deno.test("npy parser checks dtype, order and size", () => {
  const four = new Uint8Array(4);
  assert.deepEqual(parseNpy(npy("|u1", [4], four), "a.npy", REMEDY).shape, [4]);
  assert.throws(
    () => parseNpy(npy("<f4", [1], four), "a.npy", REMEDY),
    /dtype is '<f4', expected '\|u1'/,
  );
  assert.throws(
    () => parseNpy(npy("|u1", [2, 2], four, true), "a.npy", REMEDY),
    /Fortran order/,
  );
  assert.throws(
    () => parseNpy(npy("|u1", [5], four), "a.npy", REMEDY),
    /4 data bytes, expected 5.*truncated/,
  );
  assert.throws(
    () => parseNpy(new Uint8Array(20), "a.npy", REMEDY),
    /missing the \\x93NUMPY magic/,
  );
});
