/**
 * The course's SIMD kernels (`wasm/simd_kernels.ts`), run directly on every
 * build (shared memory for tfjs's threaded wasm, ordinary memory for the
 * single-threaded one; SIMD128 and relaxed SIMD): the committed binaries
 * match the source and cannot write into tfjs's heap on their own, tanh is
 * accurate over the whole float range, and the max-pool gradient follows
 * cpu's first-maximum rule on every path (2×2 SIMD, general windows, ties,
 * NaN, uncovered rows).
 */
import assert from "node:assert/strict";
import {
  bestInstructionSet,
  decode,
  instantiateSimdKernels,
  type SimdInstructionSet,
  type SimdKernels,
} from "../../lib/backend/simd/simd_module.ts";
import * as simd128 from "../../lib/backend/simd/simd_wasm.ts";
import * as relaxed from "../../lib/backend/simd/simd_wasm_relaxed.ts";
import {
  assertHeapSafe,
  generatedModule,
  type InstructionSet,
  TARGETS,
} from "../../tools/wasm/build_wasm.ts";

/** A memory of each kind with both builds instantiated over it. */
function builds(): {
  name: string;
  memory: WebAssembly.Memory;
  k: SimdKernels;
}[] {
  const shared = new WebAssembly.Memory({
    initial: 64,
    maximum: 65536,
    shared: true,
  });
  const own = new WebAssembly.Memory({ initial: 64 });
  // The relaxed build only where this engine validates it (Deno's V8 does).
  const sets: SimdInstructionSet[] = bestInstructionSet() === "relaxed"
    ? ["simd128", "relaxed"]
    : ["simd128"];
  return sets.flatMap((set) => [
    {
      name: `shared, ${set}`,
      memory: shared,
      k: instantiateSimdKernels(shared, set),
    },
    { name: `own, ${set}`, memory: own, k: instantiateSimdKernels(own, set) },
  ]);
}

Deno.test("the committed SIMD binaries are built from wasm/simd_kernels.ts", async () => {
  for (const set of Object.keys(TARGETS) as InstructionSet[]) {
    assert.deepEqual(
      await Deno.readTextFile(TARGETS[set]),
      await generatedModule(set),
      `${set}: run \`deno task build:wasm\``,
    );
  }
});

Deno.test("this engine runs the relaxed-SIMD build (fused multiply-add)", () => {
  assert.equal(bestInstructionSet(), "relaxed");
});

Deno.test("the SIMD binaries have no data, memory or start section of their own", () => {
  for (const [set, built] of Object.entries({ simd128, relaxed })) {
    assertHeapSafe(decode(built.SHARED_MEMORY_WASM), `shared, ${set}`);
    assertHeapSafe(decode(built.OWN_MEMORY_WASM), `own, ${set}`);
  }
  // A binary with a data section is refused with an explanation.
  const withData = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 11, 1, 0]);
  let message = "";
  try {
    assertHeapSafe(withData, "test");
  } catch (e) {
    message = (e as Error).message;
  }
  assert.ok(message.includes("data segments"), message);
});

Deno.test("SIMD tanh matches Math.tanh over the float range, NaN and infinities included", () => {
  const xs: number[] = [
    0,
    -0,
    1e-30,
    -1e-7,
    1e-3,
    0.049,
    0.05,
    0.5,
    -1,
    3,
    7.99,
    8,
    -9,
    20,
    1e30,
  ];
  for (let i = 0; i < 4000; i++) xs.push((i - 2000) / 150); // −13.3 … 13.3
  xs.push(NaN, Infinity, -Infinity);
  for (const { name, memory, k } of builds()) {
    const n = xs.length;
    new Float32Array(memory.buffer, 0, n).set(xs);
    k.tanh(0, n * 4, n, 1);
    const got = new Float32Array(memory.buffer, n * 4, n);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const x = Math.fround(xs[i]);
      if (Number.isNaN(x)) {
        assert.ok(Number.isNaN(got[i]), `${name}: tanh(NaN) = ${got[i]}`);
        continue;
      }
      const want = Math.tanh(x);
      // Absolute error for |tanh| near 1, relative error near 0.
      const err = Math.abs(got[i] - want) / Math.max(Math.abs(want), 1e-3);
      worst = Math.max(worst, err);
      assert.deepEqual(
        Math.sign(got[i]),
        Math.sign(want),
        `${name}: sign at ${x}`,
      );
    }
    assert.ok(worst <= 1e-6, `${name}: tanh error ${worst}`);
  }
});

Deno.test("SIMD tanh: every length's last 1–3 floats are computed and nothing past n is written", () => {
  const OUT = 4096;
  for (const { name, memory, k } of builds()) {
    for (let n = 0; n <= 9; n++) {
      const xs = Array.from({ length: n }, (_, i) => (i - 4) * 0.7);
      new Float32Array(memory.buffer, 0, 16).set([
        ...xs,
        ...Array(16 - n).fill(0),
      ]);
      const out = new Float32Array(memory.buffer, OUT, 16);
      out.fill(12345);
      k.tanh(0, OUT, n, 1);
      for (let i = 0; i < n; i++) {
        assert.ok(
          Math.abs(out[i] - Math.tanh(Math.fround(xs[i]))) < 1e-6,
          `${name}: n=${n}, tanh(${xs[i]}) = ${out[i]}`,
        );
      }
      for (let i = n; i < 16; i++) {
        assert.equal(out[i], 12345, `${name}: n=${n} wrote y[${i}]`);
      }
    }
  }
});

/** cpu's MaxPoolGrad: the first window position equal to the max, else the first. */
function referenceMaxPoolGrad(
  x: Float32Array,
  dy: Float32Array,
  [batch, inH, inW, ch]: number[],
  [outH, outW]: number[],
  [fh, fw, sh, sw, top, left]: number[],
): { y: Float32Array; dx: Float32Array } {
  const y = new Float32Array(batch * outH * outW * ch);
  const dx = new Float32Array(x.length);
  const at = (b: number, r: number, c: number, k: number) =>
    ((b * inH + r) * inW + c) * ch + k;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        for (let k = 0; k < ch; k++) {
          const cells: number[] = [];
          for (let r = oy * sh - top; r < oy * sh - top + fh; r++) {
            for (let c = ox * sw - left; c < ox * sw - left + fw; c++) {
              if (r >= 0 && r < inH && c >= 0 && c < inW) {
                cells.push(at(b, r, c, k));
              }
            }
          }
          const o = ((b * outH + oy) * outW + ox) * ch + k;
          let m = -Infinity;
          for (const p of cells) {
            m = Number.isNaN(x[p]) ? NaN : Math.max(m, x[p]);
          }
          y[o] = m;
          const first = cells.find((p) => x[p] === m) ?? cells[0];
          dx[first] += dy[o];
        }
      }
    }
  }
  return { y, dx };
}

Deno.test("SIMD max-pool gradient routes to the first maximum on every path", () => {
  const cases: { shape: number[]; out: number[]; win: number[] }[] = [
    { shape: [2, 8, 8, 4], out: [4, 4], win: [2, 2, 2, 2, 0, 0] },
    { shape: [2, 7, 5, 6], out: [3, 2], win: [2, 2, 2, 2, 0, 0] },
    { shape: [1, 6, 6, 9], out: [3, 3], win: [2, 2, 2, 2, 0, 0] },
    { shape: [2, 6, 6, 3], out: [3, 3], win: [2, 2, 2, 2, 0, 0] },
    { shape: [2, 7, 7, 5], out: [4, 4], win: [3, 3, 2, 2, 1, 1] },
    { shape: [1, 5, 5, 4], out: [4, 4], win: [2, 2, 1, 1, 0, 0] },
  ];
  let seed = 3;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (const { name, memory, k } of builds()) {
    for (const { shape, out, win } of cases) {
      for (const kind of ["normal", "negative", "ties", "nan"]) {
        const size = shape.reduce((a, b) => a * b);
        const x = Float32Array.from({ length: size }, () => {
          const v = kind === "ties" ? Math.floor(rand() * 2) : rand() * 2 - 1;
          return kind === "negative" ? -1 - Math.abs(v) : v;
        });
        if (kind === "nan") x[shape[3] + 1] = NaN;
        const outSize = shape[0] * out[0] * out[1] * shape[3];
        const dy = Float32Array.from({ length: outSize }, () => rand() + 0.5);
        const want = referenceMaxPoolGrad(x, dy, shape, out, win);
        const heap = new Float32Array(memory.buffer);
        const [px, py, pdy, pdx] = [
          0,
          size,
          size + outSize,
          size + 2 * outSize,
        ];
        heap.set(x, px);
        heap.set(want.y, py);
        heap.set(dy, pdy);
        heap.fill(7, pdx, pdx + size); // the kernel must overwrite all of dx
        k.maxPoolGrad(
          px * 4,
          py * 4,
          pdy * 4,
          pdx * 4,
          shape[0],
          shape[1],
          shape[2],
          shape[3],
          out[0],
          out[1],
          ...(win as [number, number, number, number, number, number]),
        );
        assert.deepEqual(
          Array.from(heap.subarray(pdx, pdx + size)),
          Array.from(want.dx),
          `${name}: ${shape.join("×")} window ${win.join(",")} ${kind}`,
        );
      }
    }
  }
});
