/**
 * Convolution gradients when the filter covers the whole unpadded input once
 * (a dense layer written as a convolution, e.g. a 4×4 filter on a 4×4 map):
 * each gradient is then one matrix product, which the current `BatchMatMul`
 * runs on XNNPACK's GEMM instead of a convolution over a single pixel.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { callCurrent, release, reshape } from "./wasm_ops.ts";

/** True when a conv's filter covers the whole unpadded input once (a dense layer). */
export function isDenseLike(info: tf.backend_util.Conv2DInfo): boolean {
  return info.outHeight === 1 && info.outWidth === 1 &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 && info.filterHeight === info.inHeight &&
    info.filterWidth === info.inWidth;
}

/** Taps (filter height × width × input channels): the dense layer's inputs. */
function tapsOf(info: tf.backend_util.Conv2DInfo): number {
  return info.filterHeight * info.filterWidth * info.inChannels;
}

/** `dW = xᵀ · dy` with `x` as `[N, taps]` and `dy` as `[N, O]`, shaped `[fh,fw,C,O]`. */
export function denseLikeFilterGrad(
  backend: BackendWasm,
  info: tf.backend_util.Conv2DInfo,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
): tf.TensorInfo {
  const { batchSize: n, outChannels: o } = info;
  return product(backend, [x, [n, tapsOf(info)]], [dy, [n, o]], "a", [
    info.filterHeight,
    info.filterWidth,
    info.inChannels,
    o,
  ]);
}

/** `dx = dy · Wᵀ` with `dy` as `[N, O]` and `W` as `[taps, O]`, shaped `[N,H,W,C]`. */
export function denseLikeInputGrad(
  backend: BackendWasm,
  info: tf.backend_util.Conv2DInfo,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
): tf.TensorInfo {
  const { batchSize: n, outChannels: o } = info;
  return product(backend, [dy, [n, o]], [filter, [tapsOf(info), o]], "b", [
    n,
    info.inHeight,
    info.inWidth,
    info.inChannels,
  ]);
}

/** `a · b` with the operand `transposed` transposed, both viewed as matrices. */
function product(
  backend: BackendWasm,
  [a, aShape]: [tf.TensorInfo, number[]],
  [b, bShape]: [tf.TensorInfo, number[]],
  transposed: "a" | "b",
  outShape: number[],
): tf.TensorInfo {
  const a2 = reshape(backend, a, aShape);
  const b2 = reshape(backend, b, bShape);
  const ab = callCurrent("BatchMatMul", backend, { a: a2, b: b2 }, {
    transposeA: transposed === "a",
    transposeB: transposed === "b",
  });
  release(backend, a2, b2);
  const out = reshape(backend, ab, outShape);
  release(backend, ab);
  return out;
}
