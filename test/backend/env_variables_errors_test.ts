/**
 * A bad `CNN_BACKEND`/`CNN_THREADS` says to fix the variable and restart
 * the kernel, and a retry in the same process works once the variable is
 * fixed; `CNN_THREADS` above the CPU count is capped with one warning line.
 * Each case runs in a fresh Deno process (the choice is cached per process).
 */
import assert from "node:assert/strict";
import { evalWithBackend } from "./eval_child.ts";

const root = new URL("../../", import.meta.url).pathname;

function run(code: string, env: Record<string, string>) {
  return evalWithBackend(code, { NO_COLOR: "1", ...env });
}

const RETRY = (variable: string, fixed: string) =>
  `try {
    await useBestBackend({ quiet: true });
    console.log("no error");
  } catch (e) {
    console.log("FIRST: " + e.message);
  }
  Deno.env.set("${variable}", "${fixed}");
  console.log("SECOND: " + await useBestBackend({ quiet: true }));`;

Deno.test("a bad CNN_THREADS says to fix it and restart the kernel; fixed from a cell, a retry works", async () => {
  const r = await run(RETRY("CNN_THREADS", "1"), {
    CNN_BACKEND: "wasm",
    CNN_THREADS: "lots",
  });
  assert.ok(r.ok, r.stderr);
  const [first, second] = r.stdout.trim().split("\n");
  assert.ok(
    /^FIRST: .*CNN_THREADS="lots" is not a positive integer.*Fix or unset CNN_THREADS where it is set.*then restart the kernel; in a running notebook `Deno\.env\.set\("CNN_THREADS", "\d+"\)` followed by useBestBackend\(\) also works\./
      .test(first),
    first,
  );
  assert.deepEqual(second, "SECOND: wasm");
});

Deno.test("an unknown CNN_BACKEND says to fix it and restart the kernel; fixed from a cell, a retry works", async () => {
  const r = await run(RETRY("CNN_BACKEND", "cpu"), { CNN_BACKEND: "tpu" });
  assert.ok(r.ok, r.stderr);
  const [first, second] = r.stdout.trim().split("\n");
  assert.ok(
    /^FIRST: CNN_BACKEND="tpu" is not a backend; use one of webgpu, wasm, cpu \(or unset it\)\. Fix or unset CNN_BACKEND .*restart the kernel/
      .test(first),
    first,
  );
  assert.deepEqual(second, "SECOND: cpu");
});

Deno.test("CNN_THREADS above the CPU count is capped, with one warning line", async () => {
  const cpus = navigator.hardwareConcurrency;
  const want = Math.min(cpus, 8);
  const r = await run(
    `import { wantedWasmThreads } from "${root}lib/backend/wasm_threads.ts";
    await useBestBackend();
    console.log(wantedWasmThreads());`,
    { CNN_BACKEND: "wasm", CNN_THREADS: "99" },
  );
  assert.ok(r.ok, r.stderr);
  const warnings = r.stderr.split("\n").filter((l) =>
    l.includes("CNN_THREADS")
  );
  assert.deepEqual(warnings, [
    `WARNING: CNN_THREADS=99 is more than the ${cpus} CPU thread${
      cpus === 1 ? "" : "s"
    } of this machine; using ${want}.`,
  ]);
  const lines = r.stdout.trim().split("\n");
  assert.ok(lines[0].includes(`XNNPACK SIMD, ${want} thread`), lines[0]);
  assert.deepEqual(lines[1], `${want}`);
});
