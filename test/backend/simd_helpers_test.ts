/**
 * The SIMD helper threads: over a shared memory, a filter gradient split
 * between the caller and a helper (by images) adds up to the one-thread
 * result, and the helper really ran its part; over an ordinary memory no
 * helper starts and every part runs on the caller.
 */
import assert from "node:assert/strict";
import {
  helperJobsDone,
  readyHelpers,
  runParts,
  startSimdHelpers,
} from "../../lib/backend/simd/simd_helpers.ts";
import { instantiateSimdKernels } from "../../lib/backend/simd/simd_module.ts";

const [N, HP, WP, CIN, OH, OW, CO, FH, FW] = [6, 9, 9, 3, 5, 5, 8, 5, 5];
const SIZE = FH * FW * CIN * CO;
// Byte offsets of the buffers in the test memory.
const X = 1024;
const DY = X + N * HP * WP * CIN * 4;
const DW = [DY + N * OH * OW * CO * 4];
DW.push(DW[0] + SIZE * 4, DW[0] + 2 * SIZE * 4);
const SCRATCH = DW[2] + SIZE * 4;

function fill(memory: WebAssembly.Memory): void {
  const heap = new Float32Array(memory.buffer);
  let seed = 11;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
  for (let i = X / 4; i < DW[0] / 4; i++) heap[i] = rand();
}

/** Arguments of `filterGrad` for images `n0 … n1` into `dw`, scratch `s`. */
function part(dw: number, s: number, n0: number, n1: number): number[] {
  return [
    X,
    DY,
    dw,
    SCRATCH + s * 256,
    n0,
    n1,
    HP,
    WP,
    CIN,
    OH,
    OW,
    CO,
    FH,
    FW,
    1,
    1,
  ];
}

function floats(memory: WebAssembly.Memory, at: number): Float32Array {
  return new Float32Array(memory.buffer, at, SIZE);
}

Deno.test({
  name:
    "a filter gradient split with a helper thread adds up to the one-thread result",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const memory = new WebAssembly.Memory({
      initial: 16,
      maximum: 65536,
      shared: true,
    });
    fill(memory);
    await startSimdHelpers(memory, 1);
    assert.deepEqual(
      readyHelpers(memory),
      1,
      "the helper thread did not start",
    );
    const k = instantiateSimdKernels(memory);
    runParts(k, memory, "filterGrad", [part(DW[0], 0, 0, N)]);
    runParts(k, memory, "filterGrad", [
      part(DW[1], 1, 0, N / 2),
      part(DW[2], 2, N / 2, N),
    ]);
    assert.deepEqual(helperJobsDone(memory), [1]);
    const whole = floats(memory, DW[0]);
    const [a, b] = [floats(memory, DW[1]), floats(memory, DW[2])];
    let worst = 0;
    for (let i = 0; i < SIZE; i++) {
      worst = Math.max(worst, Math.abs(a[i] + b[i] - whole[i]));
    }
    assert.ok(worst <= 1e-5, `split result differs by ${worst}`);
    assert.ok(b.some((v) => v !== 0), "the helper's part is empty");
  },
});

Deno.test("over an ordinary memory no helper starts and the caller runs every part", async () => {
  const memory = new WebAssembly.Memory({ initial: 16 });
  fill(memory);
  await startSimdHelpers(memory, 3);
  assert.deepEqual(readyHelpers(memory), 0);
  const k = instantiateSimdKernels(memory);
  runParts(k, memory, "filterGrad", [part(DW[0], 0, 0, N)]);
  runParts(k, memory, "filterGrad", [
    part(DW[1], 1, 0, 2),
    part(DW[2], 2, 2, N),
  ]);
  assert.deepEqual(helperJobsDone(memory), []);
  const whole = floats(memory, DW[0]);
  const [a, b] = [floats(memory, DW[1]), floats(memory, DW[2])];
  for (let i = 0; i < SIZE; i++) {
    assert.ok(
      Math.abs(a[i] + b[i] - whole[i]) <= 1e-5,
      `sample ${i}: ${a[i]} + ${b[i]} vs ${whole[i]}`,
    );
  }
});
