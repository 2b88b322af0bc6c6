/**
 * Layout of the shared control block between the caller and a SIMD helper
 * thread (see `simd_helpers.ts`): one `Int32Array` per helper.
 *
 * @module
 */

/** Kernels a helper can run, by index. */
export const KERNEL_NAMES = [
  "filterGrad",
  "convFewChannels",
  "convDirect",
  "matmulTN12",
  "copyRows",
  "depthwiseFilterGrad",
  "padImages",
  "winograd3x3",
  "winogradFilterGrad",
] as const;
/** One of {@link KERNEL_NAMES}. */
export type KernelName = typeof KERNEL_NAMES[number];

/** Slots of the control block. */
export enum Control {
  /** Set to 1 by the helper once its kernels are instantiated. */
  Ready = 0,
  /** Job number the caller posted last. */
  Seq = 1,
  /** Job number the helper finished last. */
  Done = 2,
  /** 1 if the last job threw. */
  Failed = 3,
  /** Index of the kernel in {@link KERNEL_NAMES}. */
  Kernel = 4,
  /** Number of arguments. */
  Count = 5,
  /** First argument; the rest follow. */
  Args = 6,
}

/** Most arguments a job can carry. */
export const MAX_ARGS = 24;
/** Length of the control block in 32-bit integers. */
export const CONTROL_INTS = Control.Args + MAX_ARGS;
