/**
 * Small helpers for writing wasm kernels in TypeScript: calling the wasm
 * backend's own kernels, reading and writing tensors in the wasm heap, and
 * releasing intermediates.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

/** A kernel function as tfjs registers it. */
export type KernelFunc = tf.KernelConfig["kernelFunc"];

/** A kernel function's argument, as tfjs passes it. */
export type Args = Parameters<tf.KernelFunc>[0];

/** The wasm kernels our kernels build on, captured before any of them is replaced. */
export type OriginalKernels = ReadonlyMap<string, tf.KernelConfig>;

/** A kernel call's parts, typed: the wasm backend, the named inputs, the attributes. */
export interface KernelCall<A> {
  /** The backend the kernel runs on. */
  backend: BackendWasm;
  /** The kernel's inputs by name. */
  inputs: Record<string, tf.TensorInfo>;
  /** The kernel's attributes. */
  attrs: A;
}

/** Unpacks tfjs's kernel argument into {@link KernelCall} (attributes as `A`). */
export function unpack<A = tf.NamedAttrMap>(args: Args): KernelCall<A> {
  return {
    backend: args.backend as BackendWasm,
    inputs: args.inputs as Record<string, tf.TensorInfo>,
    attrs: args.attrs as unknown as A,
  };
}

/** Calls another kernel of the wasm backend and returns its single output. */
export function call(
  originals: OriginalKernels,
  name: string,
  backend: BackendWasm,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const kernel = originals.get(name) ?? tf.getKernel(name, "wasm");
  if (kernel === undefined) {
    throw new Error(
      `The wasm backend has no "${name}" kernel, which the training kernels need.`,
    );
  }
  return kernel.kernelFunc({ inputs, attrs, backend }) as tf.TensorInfo;
}

/** Calls the kernel currently registered for wasm (ours where we replaced one). */
export function callCurrent(
  name: string,
  backend: BackendWasm,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const kernel = tf.getKernel(name, "wasm");
  if (kernel === undefined) {
    throw new Error(`The wasm backend has no "${name}" kernel.`);
  }
  return kernel.kernelFunc({ inputs, attrs, backend }) as tf.TensorInfo;
}

/** Reshape without copying (shares the buffer, reference-counted). */
export function reshape(
  backend: BackendWasm,
  x: tf.TensorInfo,
  shape: number[],
): tf.TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape, dtype: x.dtype };
}

/** Frees kernel intermediates (not tensors the engine tracks). */
export function release(backend: BackendWasm, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/**
 * A float32 view of a tensor in the wasm heap. Take views only after the last
 * allocation: growing the heap detaches earlier views.
 */
export function f32(backend: BackendWasm, info: tf.TensorInfo): Float32Array {
  if (info.dtype !== "float32") {
    throw new Error(`Expected a float32 tensor, got ${info.dtype}.`);
  }
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Throws a clear error for layouts other than NHWC. */
export function requireChannelsLast(kernel: string, dataFormat: unknown): void {
  if (
    dataFormat !== undefined && dataFormat !== "NHWC" &&
    dataFormat !== "channelsLast"
  ) {
    throw new Error(
      `${kernel} on wasm supports only channels-last (NHWC) data, got dataFormat "${dataFormat}".`,
    );
  }
}

/** The first `size` items of a `[N, …]` tensor from `start` (a view when it is all of it). */
export function batchSlice(
  backend: BackendWasm,
  x: tf.TensorInfo,
  start: number,
  size: number,
): tf.TensorInfo {
  if (start === 0 && size === x.shape[0]) return reshape(backend, x, x.shape);
  return callCurrent("Slice", backend, { x }, {
    begin: x.shape.map((_, i) => (i === 0 ? start : 0)),
    size: x.shape.map((_, i) => (i === 0 ? size : -1)),
  });
}

/**
 * Adds a partial result into the running total and frees it; the first
 * partial result becomes the total.
 */
export function accumulate(
  backend: BackendWasm,
  total: tf.TensorInfo | undefined,
  part: tf.TensorInfo,
): tf.TensorInfo {
  if (total === undefined) return part;
  const acc = f32(backend, total);
  const add = f32(backend, part);
  for (let i = 0; i < acc.length; i++) acc[i] += add[i];
  release(backend, part);
  return total;
}

/** Byte offset of a tensor in the wasm heap. */
export function offsetOf(backend: BackendWasm, t: tf.TensorInfo): number {
  return backend.dataIdMap.get(t.dataId)!.memoryOffset;
}

/** What both pooling gradients start from: window geometry and a zeroed `dx`. */
export interface PoolGradStart {
  /** Window geometry of the forward pooling. */
  info: tf.backend_util.Conv2DInfo;
  /** The output tensor (shape of the pooling's input). */
  dx: tf.TensorInfo;
  /** `dx`'s values, all zero unless asked otherwise. */
  out: Float32Array;
}

/**
 * Computes the pooling geometry and allocates a gradient for `input`, zeroed
 * unless `zero` is false (for kernels that clear it themselves).
 */
export function startPoolGrad(
  backend: BackendWasm,
  input: tf.TensorInfo,
  attrs: tf.AvgPoolGradAttrs & { dimRoundingMode?: "floor" | "round" | "ceil" },
  zero = true,
): PoolGradStart {
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const dx = backend.makeOutput(input.shape, "float32");
  const out = f32(backend, dx);
  if (zero) out.fill(0);
  return { info, dx, out };
}
