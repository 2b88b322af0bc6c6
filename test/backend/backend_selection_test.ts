/**
 * `useBestBackend()`: what it picks, the one line it prints, `CNN_BACKEND`
 * forcing, the silenced tfjs Node.js banner, and the errors for a backend that
 * cannot start. Each case runs in a fresh Deno process (the choice is cached).
 */
import assert from "node:assert/strict";
import { evalWithBackend } from "./eval_child.ts";
import { probeAdapter } from "../../lib/backend/adapter.ts";

function run(code: string, env: Record<string, string>) {
  return evalWithBackend(code, env);
}

const probe = await probeAdapter();

Deno.test("CNN_BACKEND=wasm starts wasm, prints one line, and a second call reuses it", async () => {
  const r = await run(
    `console.log(await useBestBackend(), await useBestBackend());`,
    { CNN_BACKEND: "wasm" },
  );
  assert.ok(r.ok, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.deepEqual(lines.length, 2, r.stdout);
  const threads = Math.min(navigator.hardwareConcurrency, 8);
  const cpus = navigator.hardwareConcurrency;
  assert.deepEqual(
    lines[0],
    `Backend: wasm (XNNPACK SIMD, ${threads} thread${
      threads === 1 ? "" : "s"
    } of ${cpus} CPU thread${cpus === 1 ? "" : "s"})`,
  );
  assert.deepEqual(lines[1], "wasm wasm");
});

Deno.test("wasm uses CNN_THREADS threads, trains a conv on them, and the process still exits", async () => {
  for (const n of [1, 2]) {
    const r = await run(
      `import { getThreadsCount } from "@tensorflow/tfjs-backend-wasm";
      await useBestBackend();
      const x = tf.ones([2, 8, 8, 3]);
      const w = tf.variable(tf.ones([3, 3, 3, 4]));
      const g = tf.grad((f) => tf.sum(tf.conv2d(x, f, 1, "same")))(w);
      console.log(getThreadsCount(), (await g.data())[0]);`,
      { CNN_BACKEND: "wasm", CNN_THREADS: `${n}` },
    );
    assert.ok(r.ok, r.stderr);
    const lines = r.stdout.trim().split("\n");
    assert.ok(
      lines[0].includes(`XNNPACK SIMD, ${n} thread${n === 1 ? "" : "s"} of`),
      lines[0],
    );
    // 2 images × 8×8 positions, corner tap (0,0) sees 7×7 of them.
    assert.deepEqual(lines[1], `${n} 98`);
  }
});

Deno.test("a bad CNN_THREADS is a clear error", async () => {
  const r = await run(`await useBestBackend();`, {
    CNN_BACKEND: "wasm",
    CNN_THREADS: "lots",
  });
  assert.ok(!r.ok);
  assert.ok(
    /CNN_THREADS="lots" is not a positive integer/.test(r.stderr),
    r.stderr,
  );
});

Deno.test("CNN_BACKEND=cpu works without tfjs's 'running in Node.js' banner", async () => {
  const r = await run(
    `await useBestBackend(); console.log(await tf.sum(tf.tensor([1, 2])).data());`,
    {
      CNN_BACKEND: "cpu",
    },
  );
  assert.ok(r.ok, r.stderr);
  assert.ok(r.stdout.startsWith("Backend: cpu ("), r.stdout);
  assert.ok(!/Node\.js/.test(r.stdout + r.stderr), r.stdout + r.stderr);
});

Deno.test("an unknown CNN_BACKEND is a clear error listing the valid names", async () => {
  const r = await run(`await useBestBackend();`, { CNN_BACKEND: "tpu" });
  assert.ok(!r.ok);
  assert.ok(
    /CNN_BACKEND="tpu" is not a backend; use one of webgpu, wasm, cpu/.test(
      r.stderr,
    ),
    r.stderr,
  );
});

Deno.test("forcing webgpu without navigator.gpu names what was tried", async () => {
  const r = await run(
    `Object.defineProperty(navigator, "gpu", { value: undefined, configurable: true });
     await useBestBackend();`,
    { CNN_BACKEND: "webgpu" },
  );
  assert.ok(!r.ok);
  assert.ok(
    /The requested backend "webgpu" could not start\. Tried: webgpu \(navigator\.gpu is not available\)/
      .test(r.stderr),
    r.stderr,
  );
});

Deno.test({
  name: "automatic choice skips a software WebGPU adapter and picks wasm",
  ignore: !probe.found || !probe.software,
  fn: async () => {
    const r = await run(`console.log(await useBestBackend());`, {});
    assert.ok(r.ok, r.stderr);
    assert.ok(r.stdout.startsWith("Backend: wasm ("), r.stdout);
  },
});

Deno.test({
  name: "CNN_BACKEND=webgpu forces the software adapter",
  ignore: !probe.found,
  fn: async () => {
    const r = await run(`console.log(await useBestBackend());`, {
      CNN_BACKEND: "webgpu",
    });
    assert.ok(r.ok, r.stderr);
    assert.ok(
      r.stdout.startsWith(`Backend: webgpu (${probe.description}`),
      r.stdout,
    );
  },
});
