// AssemblyScript source of the course's SIMD training kernels for tfjs's wasm
// backend. `deno task build:wasm` compiles it (twice: for the threaded build's
// shared memory and the single-threaded build's own) into
// lib/backend/simd/simd_wasm.ts. The module imports the backend's memory, so
// every pointer below is a byte offset of a tensor in tfjs's wasm heap. It has
// no data segments, globals in memory or stack: it never writes outside the
// output pointers it is given.
//
// This file is the module's entry: it lists the exported kernels, one file
// per concern beside it.

export { tanh, tanhGrad } from "./tanh";
export { reluGrad } from "./relu";
export { maxPoolGrad } from "./max_pool_grad";
export { filterGrad } from "./filter_grad";
export { sumRows } from "./sum_rows";
export {
  gradRows,
  normalizeRows,
  sumDeviations,
  sumGradRows,
} from "./batch_norm";
export { convFewChannels } from "./conv_few_channels";
export { convDirect } from "./conv_direct";
export { matmulTN12 } from "./matmul_tn";
export { copyRows } from "./copy_rows";
export { depthwiseFilterGrad } from "./depthwise_filter_grad";
export { padImages } from "./pad_images";
export { winograd3x3 } from "./winograd3x3";
export { winogradFilterGrad } from "./winograd_filter_grad";
