/**
 * `useBestBackend()`: what it picks, the one line it prints, `CNN_BACKEND`
 * forcing, the silenced tfjs Node.js banner, and the errors for a backend that
 * cannot start. Each case runs in a fresh Deno process (the choice is cached).
 */
import { assert, assertEquals } from "./asserts.ts";
import { probeAdapter } from "../../lib/backend/adapter.ts";

const root = new URL("../../", import.meta.url).pathname;

async function run(code: string, env: Record<string, string>) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      "--config",
      `${root}deno.json`,
      `import * as tf from "@tensorflow/tfjs";
      import { useBestBackend } from "${root}lib/backend/select.ts";
      ${code}`,
    ],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return {
    ok: out.success,
    stdout: dec.decode(out.stdout),
    stderr: dec.decode(out.stderr),
  };
}

const probe = await probeAdapter();

Deno.test("CNN_BACKEND=wasm starts wasm, prints one line, and a second call reuses it", async () => {
  const r = await run(
    `console.log(await useBestBackend(), await useBestBackend());`,
    { CNN_BACKEND: "wasm" },
  );
  assert(r.ok, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assertEquals(lines.length, 2, r.stdout);
  assert(/^Backend: wasm \(XNNPACK SIMD, 1 thread/.test(lines[0]), lines[0]);
  assertEquals(lines[1], "wasm wasm");
});

Deno.test("CNN_BACKEND=cpu works without tfjs's 'running in Node.js' banner", async () => {
  const r = await run(
    `await useBestBackend(); console.log(await tf.sum(tf.tensor([1, 2])).data());`,
    {
      CNN_BACKEND: "cpu",
    },
  );
  assert(r.ok, r.stderr);
  assert(r.stdout.startsWith("Backend: cpu ("), r.stdout);
  assert(!/Node\.js/.test(r.stdout + r.stderr), r.stdout + r.stderr);
});

Deno.test("an unknown CNN_BACKEND is a clear error listing the valid names", async () => {
  const r = await run(`await useBestBackend();`, { CNN_BACKEND: "tpu" });
  assert(!r.ok);
  assert(
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
  assert(!r.ok);
  assert(
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
    assert(r.ok, r.stderr);
    assert(r.stdout.startsWith("Backend: wasm ("), r.stdout);
  },
});

Deno.test({
  name: "CNN_BACKEND=webgpu forces the software adapter",
  ignore: !probe.found,
  fn: async () => {
    const r = await run(`console.log(await useBestBackend());`, {
      CNN_BACKEND: "webgpu",
    });
    assert(r.ok, r.stderr);
    assert(
      r.stdout.startsWith(`Backend: webgpu (${probe.description}`),
      r.stdout,
    );
  },
});
