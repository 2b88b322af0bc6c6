import * as tf from "@tensorflow/tfjs";
import { registerWasmTrainingKernels } from "./lib/backend/wasm_training.ts";
import { startWasm } from "./lib/backend/wasm_threads.ts";
registerWasmTrainingKernels();
await startWasm(Number(Deno.env.get("T") ?? 2));
async function time(name: string, m: number, k: number, n: number, reps: number, fresh: boolean) {
  const a = tf.randomNormal([m, k]); let b = tf.randomNormal([k, n]);
  const run = async () => { for (let i = 0; i < reps; i++) { const bb = fresh ? tf.clone(b) : b; const r = tf.matMul(a, bb); if (fresh) bb.dispose(); r.dispose(); } await tf.zeros([1]).data(); };
  await run(); const t = performance.now(); await run(); const ms = (performance.now() - t) / reps;
  console.log(name, `${m}x${k}x${n}`, ms.toFixed(3), "ms/call", (2*m*k*n/ms/1e6).toFixed(1), "GFLOP/s");
}
await time("tap", 32, 4096, 16, 200, true);
await time("tap", 32, 16384, 16, 50, true);
await time("stack", 32, 2048, 400, 50, true);
await time("stack", 32, 8192, 400, 20, true);
await time("stackT", 400, 8192, 32, 20, true);
await time("fwdlike", 6272, 400, 32, 10, false);
