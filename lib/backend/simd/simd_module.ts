/**
 * The course's own SIMD kernels (`wasm/simd_kernels.ts`, compiled by
 * `deno task build:wasm`), instantiated over the wasm backend's heap so they
 * read and write tfjs tensors in place: no copies in or out.
 *
 * @module
 */
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as simd128 from "./simd_wasm.ts";
import * as relaxed from "./simd_wasm_relaxed.ts";

/** The arguments both direct convolutions take (see `SimdKernels`). */
export type DirectConvolution = (
  xp: number,
  w: number,
  bias: number,
  y: number,
  n0: number,
  n1: number,
  hp: number,
  wp: number,
  cin: number,
  oh: number,
  ow: number,
  cout: number,
  cop: number,
  fh: number,
  fw: number,
  sh: number,
  sw: number,
  relu: number,
) => void;

/** The exported kernels; every pointer is a byte offset in tfjs's heap. */
export interface SimdKernels {
  /**
   * `y[i] = tanh(x[i])` for `n` floats; `one` must be 1 (it keeps the
   * coefficients out of binaryen's constant folding, see wasm/tanh.ts).
   */
  tanh(x: number, y: number, n: number, one: number): void;
  /**
   * Direct convolution for few input channels over images `n0 … n1`: `xp`
   * zero-padded NHWC `[N,hp,wp,cin]`, `w` `[fh,fw,cin,cop]` and `bias`
   * `[cop]` padded with zeros to `cop` (a multiple of 4) output channels,
   * `y` `[N,oh,ow,cout]`; `relu` 1 applies ReLU.
   */
  convFewChannels: DirectConvolution;
  /**
   * Direct convolution for deeper inputs: as `convFewChannels`, with `cop`
   * (the padded output channels) a multiple of 8.
   */
  convDirect: DirectConvolution;
  /** `dx[i] = dy[i]·(1 − y[i]²)` for `n` floats (tanh's gradient from its output). */
  tanhGrad(y: number, dy: number, dx: number, n: number): void;
  /**
   * `out[i, j] = Σ_k a[k, i]·b[k, j]` for rows `i0 … i1`: `a` `[K, M]`, `b`
   * `[K, 12]` (`n ≤ 12` real columns, then zeros), `out` `[M, n]`.
   */
  matmulTN12(
    a: number,
    b: number,
    out: number,
    m: number,
    kdim: number,
    n: number,
    i0: number,
    i1: number,
  ): void;
  /**
   * Copies rows `r0 … r1` of `width` bytes from `src + r·srcStride` to
   * `dst + r·dstStride` (byte offsets and strides).
   */
  copyRows(
    src: number,
    srcStride: number,
    dst: number,
    dstStride: number,
    width: number,
    r0: number,
    r1: number,
  ): void;
  /** `dx[i] = dy[i]·step(x[i])` for `n` floats (ReLU's gradient from its input; NaN stays NaN). */
  reluGrad(x: number, dy: number, dx: number, n: number): void;
  /** `MaxPoolGrad` (NHWC), first maximum in row-major window order. */
  maxPoolGrad(
    x: number,
    y: number,
    dy: number,
    dx: number,
    batch: number,
    inH: number,
    inW: number,
    ch: number,
    outH: number,
    outW: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
    top: number,
    left: number,
  ): void;
  /**
   * Sums the `rows` rows of `x` (`[rows, width]`, `width` a multiple of 4)
   * into the float64 array at `acc` (`width` values, overwritten).
   */
  sumRows(x: number, rows: number, width: number, acc: number): void;
  /**
   * BatchNorm's statistics pass: `Σ d` and `Σ d²` per lane of `x`
   * (`[rows, width]`) into the float64 `accD`, `accD2`, with
   * `d = (x − hi) − lo` (a shift split in two float32 lane arrays).
   */
  sumDeviations(
    x: number,
    rows: number,
    width: number,
    hi: number,
    lo: number,
    accD: number,
    accD2: number,
  ): void;
  /** BatchNorm's output: `y = ((x − hi) − lo)·scale + shift` per lane. */
  normalizeRows(
    x: number,
    y: number,
    rows: number,
    width: number,
    hi: number,
    lo: number,
    scale: number,
    shift: number,
  ): void;
  /** BatchNorm's gradient sums: `Σ dy`, `Σ dy·d` and `Σ d` per lane into float64. */
  sumGradRows(
    dy: number,
    x: number,
    rows: number,
    width: number,
    hi: number,
    lo: number,
    accDy: number,
    accDyD: number,
    accD: number,
  ): void;
  /** BatchNorm's input gradient: `dx = a·dy + b·d + c0` per lane. */
  gradRows(
    dy: number,
    x: number,
    dx: number,
    rows: number,
    width: number,
    hi: number,
    lo: number,
    a: number,
    b: number,
    c0: number,
  ): void;
  /**
   * Filter gradient of an undilated convolution over images `n0 … n1`:
   * `x` zero-padded NHWC `[N,hp,wp,cin]`, `dy` `[N,oh,ow,co]` (`co ≥ 4`),
   * `dw` `[fh,fw,cin,co]`; `scratch` is 160 free bytes.
   */
  filterGrad(
    x: number,
    dy: number,
    dw: number,
    scratch: number,
    n0: number,
    n1: number,
    hp: number,
    wp: number,
    cin: number,
    oh: number,
    ow: number,
    co: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
  ): void;
  /**
   * Filter gradient of an undilated depthwise convolution with channel
   * multiplier 1 over images `n0 … n1`: `xp` zero-padded NHWC `[N,hp,wp,c]`,
   * `dy` `[N,oh,ow,c]`, `dw` `[fh,fw,c]` (overwritten).
   */
  depthwiseFilterGrad(
    xp: number,
    dy: number,
    dw: number,
    n0: number,
    n1: number,
    hp: number,
    wp: number,
    c: number,
    oh: number,
    ow: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
  ): void;
  /**
   * Zero-pads images `n0 … n1` of `src` (`[N,h,w,c]` float32) by `top`,
   * `bottom`, `left` and `right` into `dst`.
   */
  padImages(
    src: number,
    dst: number,
    n0: number,
    n1: number,
    h: number,
    w: number,
    c: number,
    top: number,
    bottom: number,
    left: number,
    right: number,
  ): void;
  /**
   * 3×3 stride-1 convolution by Winograd's F(2×2, 3×3) over images `n0 …
   * n1` (see `wasm/winograd3x3.ts` for the layouts): `xp` padded input,
   * `gw` transformed filter `[16,cin,cop]`, `bias` `[cop]`, `y` output,
   * `scratch` `16·tiles·(cin + cop) + 512` floats of this part's own.
   */
  winograd3x3(
    xp: number,
    gw: number,
    bias: number,
    y: number,
    scratch: number,
    n0: number,
    n1: number,
    hp: number,
    wp: number,
    cin: number,
    oh: number,
    ow: number,
    cout: number,
    cop: number,
    tiles: number,
    relu: number,
  ): void;
  /**
   * The Winograd F(3×3, 2×2) sums of a 3×3 stride-1 filter gradient over
   * images `n0 … n1` (see `wasm/winograd_filter_grad.ts`): `xp` padded
   * input, `dy` `[N,oh,ow,cout]`, `m` `[16,cin,cout]` (overwritten),
   * `scratch` `16·⌈oh/2⌉·⌈ow/2⌉·(cin + cout) + 512` floats of its own.
   */
  winogradFilterGrad(
    xp: number,
    dy: number,
    m: number,
    scratch: number,
    n0: number,
    n1: number,
    hp: number,
    wp: number,
    cin: number,
    oh: number,
    ow: number,
    cout: number,
  ): void;
}

interface EmscriptenModule {
  /** The threaded build's shared memory (the build imports it). */
  wasmMemory?: WebAssembly.Memory;
  /** The single-threaded build's exports, memory included. */
  asm?: { memory?: WebAssembly.Memory };
}

const instances = new WeakMap<object, SimdKernels>();

/** Bytes of a base64 string. */
export function decode(base64: string): Uint8Array<ArrayBuffer> {
  const s = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(s.length));
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}

/** The heap of a started wasm backend. */
export function wasmMemoryOf(backend: BackendWasm): WebAssembly.Memory {
  const module = backend.wasm as unknown as EmscriptenModule;
  const memory = module.wasmMemory ?? module.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new Error(
      "The wasm backend exposes no WebAssembly.Memory, so the SIMD training kernels cannot start; @tensorflow/tfjs-backend-wasm 4.22 is required.",
    );
  }
  return memory;
}

/** The instruction sets the kernels are built for (tools/wasm/build_wasm.ts). */
export type SimdInstructionSet = "simd128" | "relaxed";

let relaxedValid: boolean | undefined;

/**
 * The instruction set this engine runs best: `relaxed` (fused multiply-add)
 * where it validates the relaxed build, else `simd128`.
 */
export function bestInstructionSet(): SimdInstructionSet {
  relaxedValid ??= WebAssembly.validate(decode(relaxed.OWN_MEMORY_WASM));
  return relaxedValid ? "relaxed" : "simd128";
}

/**
 * Instantiates the SIMD kernels over `memory`: the build for shared memory
 * when it is shared (tfjs's threaded build), else the other, for `set`
 * (by default {@link bestInstructionSet}).
 */
export function instantiateSimdKernels(
  memory: WebAssembly.Memory,
  set: SimdInstructionSet = bestInstructionSet(),
): SimdKernels {
  const shared = memory.buffer instanceof SharedArrayBuffer;
  const built = set === "relaxed" ? relaxed : simd128;
  const binary = decode(
    shared ? built.SHARED_MEMORY_WASM : built.OWN_MEMORY_WASM,
  );
  const instance = new WebAssembly.Instance(new WebAssembly.Module(binary), {
    env: { memory },
  });
  return instance.exports as unknown as SimdKernels;
}

/**
 * The SIMD kernels bound to `backend`'s heap, instantiated on first use
 * (a few kilobytes, compiled synchronously).
 *
 * @example
 * ```ts
 * const simd = simdKernels(tf.backend() as BackendWasm);
 * simd.tanh(offsetOf(backend, x), offsetOf(backend, y), size, 1);
 * ```
 */
export function simdKernels(backend: BackendWasm): SimdKernels {
  const module = backend.wasm as object;
  const cached = instances.get(module);
  if (cached) return cached;
  const kernels = instantiateSimdKernels(wasmMemoryOf(backend));
  instances.set(module, kernels);
  return kernels;
}
