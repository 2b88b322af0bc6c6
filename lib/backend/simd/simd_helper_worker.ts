/**
 * A SIMD helper thread (see `simd_helpers.ts`): instantiates the kernels over
 * tfjs's shared heap, then runs the jobs posted in its control block, waiting
 * with `Atomics.wait` in between.
 *
 * @module
 */
import { workerData } from "node:worker_threads";
import { Control, KERNEL_NAMES } from "./simd_control.ts";
import { instantiateSimdKernels } from "./simd_module.ts";

const { memory, control } = workerData as {
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
};
const kernels = instantiateSimdKernels(memory) as unknown as Record<
  string,
  (...args: number[]) => void
>;
const ctl = new Int32Array(control);
Atomics.store(ctl, Control.Ready, 1);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, Control.Seq, seen);
  seen = Atomics.load(ctl, Control.Seq);
  const args = Array.from(
    ctl.subarray(Control.Args, Control.Args + ctl[Control.Count]),
  );
  try {
    kernels[KERNEL_NAMES[ctl[Control.Kernel]]](...args);
    ctl[Control.Failed] = 0;
  } catch {
    ctl[Control.Failed] = 1;
  }
  Atomics.store(ctl, Control.Done, seen);
  Atomics.notify(ctl, Control.Done);
}
