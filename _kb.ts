import * as tf from "@tensorflow/tfjs";
import { registerWasmTrainingKernels } from "./lib/backend/wasm_training.ts";
import { startWasm } from "./lib/backend/wasm_threads.ts";
registerWasmTrainingKernels();
await startWasm(Number(Deno.env.get("T") ?? 2));
function bpf(xs: number[], f: number[], pad: "same"|"valid") {
  const x = tf.randomNormal(xs); 
  const oh = pad === "same" ? xs[1] : xs[1]-f[0]+1;
  const dy = tf.randomNormal([xs[0], oh, oh, f[3]]);
  return async () => { const r = tf.engine().runKernel("Conv2DBackpropFilter", {x, dy}, {strides:[1,1], pad, dataFormat:"NHWC", dimRoundingMode: undefined, filterShape: f} as any) as tf.Tensor; await r.data(); r.dispose(); };
}
async function time(name: string, f: () => Promise<void>, n = 3) { await f(); const ts=[]; for (let i=0;i<n;i++){const t=performance.now(); await f(); ts.push(performance.now()-t);} ts.sort((a,b)=>a-b); console.log(name, ts[0].toFixed(1), ts[ts.length>>1].toFixed(1)); }
await time("incep5x5", bpf([256,28,28,16],[5,5,16,32],"same"));
await time("incep3x3", bpf([256,28,28,16],[3,3,16,32],"same"));
await time("lenetC1", bpf([256,28,28,1],[5,5,1,6],"same"));
await time("lenetC3", bpf([256,14,14,6],[5,5,6,16],"valid"));
