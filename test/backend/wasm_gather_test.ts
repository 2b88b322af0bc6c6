/**
 * Our wasm `GatherV2` (lib/backend/wasm_kernels/gather.ts) gives exactly what
 * `cpu` gives: every axis, `batchDims`, float32/int32/bool, repeated and
 * empty indices, and the same error for an index out of range.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { setUpBackends } from "./setup.ts";

await setUpBackends();

type Case = {
  shape: number[];
  dtype: "float32" | "int32" | "bool";
  indices: number[];
  indicesShape?: number[];
  axis: number;
  batchDims?: number;
};

async function gatherOn(backend: string, c: Case) {
  await tf.setBackend(backend);
  const n = c.shape.reduce((a, b) => a * b, 1);
  // Distinct values (and a few negative or fractional ones) so a misplaced
  // element cannot go unnoticed.
  const values = Array.from(
    { length: n },
    (_, i) =>
      c.dtype === "bool" ? (i * 7) % 3 === 0 ? 1 : 0 : (i * 37) % 1001 - 500.25,
  );
  const x = tf.tensor(
    c.dtype === "int32" ? values.map(Math.round) : values,
    c.shape,
    c.dtype,
  );
  const idx = tf.tensor(
    c.indices,
    c.indicesShape ?? [c.indices.length],
    "int32",
  );
  const y = tf.gather(x, idx, c.axis, c.batchDims ?? 0);
  const got = {
    shape: y.shape,
    dtype: y.dtype,
    data: Array.from(await y.data()),
  };
  tf.dispose([x, idx, y]);
  return got;
}

const CASES: Case[] = [
  {
    shape: [50, 28, 28, 1],
    dtype: "float32",
    indices: [49, 0, 7, 7, 12],
    axis: 0,
  },
  { shape: [6, 5, 4], dtype: "float32", indices: [4, 0, 2], axis: 1 },
  { shape: [6, 5, 4], dtype: "float32", indices: [3, 3, 0, 1, 2], axis: 2 },
  { shape: [6, 5, 4], dtype: "float32", indices: [3, 3, 0, 1, 2], axis: -1 },
  { shape: [100], dtype: "int32", indices: [99, 1, 50, 50], axis: 0 },
  { shape: [9, 3], dtype: "bool", indices: [8, 2, 2, 0], axis: 0 },
  { shape: [12, 70], dtype: "int32", indices: [11, 0, 5], axis: 0 },
  {
    shape: [3, 4, 5],
    dtype: "float32",
    indices: [0, 3, 1, 1, 2, 0],
    indicesShape: [3, 2],
    axis: 1,
    batchDims: 1,
  },
  {
    shape: [4, 6],
    dtype: "float32",
    indices: [2, 1, 0, 3],
    indicesShape: [2, 2],
    axis: 0,
  },
  { shape: [5, 3], dtype: "float32", indices: [], axis: 0 },
];

Deno.test("wasm GatherV2 equals cpu exactly: axes, batchDims, dtypes, repeats, empty", async () => {
  assert(tf.getKernel("GatherV2", "wasm") !== undefined);
  for (const c of CASES) {
    const want = await gatherOn("cpu", c);
    const got = await gatherOn("wasm", c);
    assert.deepEqual(got, want, `gather ${JSON.stringify(c)}`);
  }
  await tf.setBackend("cpu");
});

Deno.test("wasm GatherV2 rejects an index out of range with tfjs's message", async () => {
  for (const bad of [5, -1]) {
    const messages: string[] = [];
    for (const backend of ["cpu", "wasm"]) {
      await tf.setBackend(backend);
      const x = tf.zeros([5, 2]);
      const idx = tf.tensor1d([0, bad], "int32");
      try {
        tf.gather(x, idx).dispose();
        messages.push("no error");
      } catch (e) {
        messages.push((e as Error).message);
      }
      tf.dispose([x, idx]);
    }
    assert.deepEqual(messages[1], messages[0]);
    assert(
      messages[1].includes(`index value ${bad} is not in [0, 4]`),
      messages[1],
    );
  }
  await tf.setBackend("cpu");
});
