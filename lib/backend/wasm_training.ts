/**
 * Makes the tfjs `wasm` backend able to train the course's convnets.
 *
 * tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter`,
 * `DepthwiseConv2dNativeBackpropFilter` or `DepthwiseConv2dNativeBackpropInput`,
 * its `MaxPoolGrad` drops the gradient of all-negative windows, and its
 * `SplitV`/`Concat`/`Conv2DBackpropInput` are slow for training-sized tensors
 * (as is its `GatherV2`, which takes every batch and splits MNIST).
 * {@link registerWasmTrainingKernels} registers kernels of ours (see
 * `wasm_kernels/`): some built on the backend's own XNNPACK kernels, the
 * hottest (filter gradients, max-pool gradient, tanh, bias sums) on our SIMD
 * module (`simd/`, source in `wasm/simd_kernels.ts`), which works on tensors
 * in tfjs's heap in place and splits work with helper threads.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { conv2dBackpropFilter } from "./wasm_kernels/conv2d_backprop_filter.ts";
import { conv2dBackpropInput } from "./wasm_kernels/conv2d_backprop_input.ts";
import {
  depthwiseBackpropFilter,
  depthwiseBackpropInput,
} from "./wasm_kernels/depthwise_backprop.ts";
import { maxPoolGrad } from "./wasm_kernels/max_pool_grad.ts";
import { avgPoolGrad } from "./wasm_kernels/avg_pool_grad.ts";
import { concat, splitV } from "./wasm_kernels/split_concat.ts";
import { batchMatMul } from "./wasm_kernels/matmul.ts";
import { registerTanhGradient, tanh } from "./wasm_kernels/tanh.ts";
import { identity, sum } from "./wasm_kernels/reduce_identity.ts";
import { transpose } from "./wasm_kernels/transpose.ts";
import { gatherV2 } from "./wasm_kernels/gather.ts";
import { conv2d, fusedConv2d } from "./wasm_kernels/conv_forward.ts";
import { registerReluGradient } from "./wasm_kernels/relu_grad.ts";
import type { KernelFunc } from "./wasm_kernels/wasm_ops.ts";
import { registerBatchNormKernels } from "./wasm_kernels/batch_norm.ts";

/** Wasm kernels the training kernels call, captured before any replacement. */
const USED = [
  "Conv2D",
  "Conv2DBackpropInput",
  "DepthwiseConv2dNative",
  "Transpose",
  "Slice",
  "Reshape",
  "Sum",
  "SplitV",
  "Concat",
  "BatchMatMul",
  "Tanh",
  "Identity",
  "GatherV2",
  "FusedConv2D",
];

/** Kernel names this module registers or replaces on `wasm`. */
export const WASM_TRAINING_KERNELS = [
  "Conv2D",
  "Conv2DBackpropFilter",
  "Conv2DBackpropInput",
  "DepthwiseConv2dNativeBackpropFilter",
  "DepthwiseConv2dNativeBackpropInput",
  "MaxPoolGrad",
  "AvgPoolGrad",
  "SplitV",
  "Concat",
  "Transpose",
  "BatchMatMul",
  "Tanh",
  "Sum",
  "Identity",
  "GatherV2",
  "FusedConv2D",
] as const;

let registered = false;

/**
 * Registers the wasm training kernels (idempotent). Call before or after the
 * wasm backend starts; `useBestBackend()` does it for you.
 *
 * @example
 * ```ts
 * registerWasmTrainingKernels();
 * await tf.setBackend("wasm");
 * ```
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  const originals = new Map<string, tf.KernelConfig>();
  for (const name of USED) {
    const k = tf.getKernel(name, "wasm");
    if (k === undefined) {
      throw new Error(
        `tfjs-backend-wasm has no "${name}" kernel; the trainable wasm path needs @tensorflow/tfjs-backend-wasm 4.22.`,
      );
    }
    originals.set(name, { ...k });
  }
  const backpropInput = conv2dBackpropInput(originals);
  const fns: Record<(typeof WASM_TRAINING_KERNELS)[number], KernelFunc> = {
    Conv2D: conv2d(originals),
    Conv2DBackpropFilter: conv2dBackpropFilter(originals),
    Conv2DBackpropInput: backpropInput,
    DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter(originals),
    DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput(
      originals,
      backpropInput,
    ),
    MaxPoolGrad: maxPoolGrad,
    AvgPoolGrad: avgPoolGrad,
    SplitV: splitV(originals),
    Concat: concat(originals),
    Transpose: transpose(originals),
    BatchMatMul: batchMatMul(originals),
    Tanh: tanh(originals),
    Sum: sum(originals),
    Identity: identity(originals),
    GatherV2: gatherV2(originals),
    FusedConv2D: fusedConv2d(originals),
  };
  for (const [kernelName, kernelFunc] of Object.entries(fns)) {
    const old = tf.getKernel(kernelName, "wasm");
    if (old !== undefined) tf.unregisterKernel(kernelName, "wasm");
    // The replaced kernel's setupFunc stays: our fallbacks call its kernelFunc,
    // which needs the wasm function handles that setup creates.
    tf.registerKernel({
      kernelName,
      backendName: "wasm",
      kernelFunc,
      setupFunc: old?.setupFunc,
    });
  }
  registerBatchNormKernels();
  registerTanhGradient();
  registerReluGradient();
  registered = true;
}

/** Current size of the wasm backend's heap in bytes (0 if it never started). It only grows. */
export function wasmHeapBytes(): number {
  const b = tf.findBackend("wasm") as unknown as {
    wasm?: { HEAPU8: Uint8Array };
  } | null;
  return b?.wasm ? b.wasm.HEAPU8.buffer.byteLength : 0;
}
