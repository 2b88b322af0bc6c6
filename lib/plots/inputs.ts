/**
 * Turns what users pass to the figure helpers (tensors, nested arrays, label
 * vectors, probability matrices) into plain arrays, reading tensors only
 * asynchronously so it works on every backend.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** A grey-level image as a row-major float array. */
export interface Image2D {
  /** Rows. */
  height: number;
  /** Columns. */
  width: number;
  /** `height * width` values, row after row. */
  data: Float32Array;
}

/** An image: a tf.Tensor `[h, w]` / `[h, w, 1]` or nested number arrays of the same shapes. */
export type ImageInput = tf.Tensor | number[][] | number[][][];

/** Several images: a tf.Tensor `[n, h, w]` / `[n, h, w, 1]` or nested arrays. */
export type ImageStackInput =
  | tf.Tensor
  | number[][][]
  | number[][][][]
  | ImageInput[];

/** Class labels: integers, or one row of scores per sample (the argmax is taken). */
export type LabelInput = tf.Tensor | ArrayLike<number> | number[][];

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value instanceof tf.Tensor) return `a tensor of shape [${value.shape}]`;
  return `a ${typeof value}`;
}

/** Shape of a rectangular nested number array, or an error naming `what`. */
function nestedShape(value: unknown, what: string): number[] {
  const shape: number[] = [];
  let level: unknown = value;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  const check = (v: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof v !== "number") {
        throw new TypeError(
          `${what}: expected numbers in a rectangular nested array, found ${
            describe(v)
          }.`,
        );
      }
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new TypeError(
        `${what}: the nested array is not rectangular (expected length ${
          shape[depth]
        } at depth ${depth}, found ${describe(v)}).`,
      );
    }
    for (const item of v) check(item, depth + 1);
  };
  check(value, 0);
  return shape;
}

/** Reads a tensor or a nested array into its shape and flat values. */
async function readArray(
  input: unknown,
  what: string,
): Promise<{ shape: number[]; values: Float32Array }> {
  if (input instanceof tf.Tensor) {
    const data = await input.data();
    return {
      shape: input.shape.slice(),
      values: Float32Array.from(data as ArrayLike<number>),
    };
  }
  if (Array.isArray(input)) {
    const shape = nestedShape(input, what);
    return {
      shape,
      values: Float32Array.from(
        (input as unknown[]).flat(Infinity) as number[],
      ),
    };
  }
  throw new TypeError(
    `${what}: expected a tf.Tensor or a nested number array, got ${
      describe(input)
    }.`,
  );
}

/**
 * One image from a tensor or nested array of shape `[h, w]`, `[h, w, 1]` or
 * `[1, h, w, 1]`.
 *
 * @throws TypeError for other types or shapes, saying how to pick one image.
 */
export async function toImage2D(
  input: ImageInput,
  what = "image",
): Promise<Image2D> {
  const { shape, values } = await readArray(input, what);
  const core = squeezeImageShape(shape);
  if (!core) {
    throw new TypeError(
      `${what}: expected one grey image of shape [height, width] or [height, width, 1], got shape [${shape}]. ` +
        "For a batch pick one image first, e.g. x.slice([0], [1]).squeeze() or images[0].",
    );
  }
  return { height: core[0], width: core[1], data: values };
}

function squeezeImageShape(shape: number[]): [number, number] | undefined {
  let s = shape;
  if (s.length === 4 && s[0] === 1) s = s.slice(1);
  if (s.length === 3 && s[2] === 1) s = s.slice(0, 2);
  return s.length === 2 && s[0] > 0 && s[1] > 0 ? [s[0], s[1]] : undefined;
}

/**
 * Images from a tensor or nested array of shape `[n, h, w]` or `[n, h, w, 1]`,
 * keeping at most `limit` (only those are read from the tensor).
 */
export async function toImageStack(
  input: ImageStackInput,
  what = "images",
  limit = Infinity,
): Promise<Image2D[]> {
  if (input instanceof tf.Tensor) {
    const { shape } = input;
    const ok = (shape.length === 3 || (shape.length === 4 && shape[3] === 1)) &&
      shape[1] > 0 && shape[2] > 0;
    if (!ok) {
      throw new TypeError(
        `${what}: expected a batch of grey images of shape [n, height, width] or [n, height, width, 1], got shape [${shape}].`,
      );
    }
    const n = Math.min(shape[0], limit);
    const head = n < shape[0] ? input.slice(0, n) : input;
    try {
      const data = Float32Array.from((await head.data()) as ArrayLike<number>);
      const [h, w] = [shape[1], shape[2]];
      return Array.from({ length: n }, (_, i) => ({
        height: h,
        width: w,
        data: data.subarray(i * h * w, (i + 1) * h * w),
      }));
    } finally {
      if (head !== input) head.dispose();
    }
  }
  if (!Array.isArray(input)) {
    throw new TypeError(
      `${what}: expected a tf.Tensor or an array of images, got ${
        describe(input)
      }.`,
    );
  }
  const items = input.slice(0, Math.min(input.length, limit)) as ImageInput[];
  return Promise.all(items.map((im, i) => toImage2D(im, `${what}[${i}]`)));
}

/**
 * Integer labels from a label vector (`[n]` or `[n, 1]`) or from scores of
 * shape `[n, classes]` (argmax per row, e.g. `model.predict` output).
 *
 * @throws TypeError for non-integer labels or other shapes.
 */
export async function toLabels(
  input: LabelInput,
  what = "labels",
): Promise<Int32Array> {
  let shape: number[];
  let values: ArrayLike<number>;
  if (input instanceof tf.Tensor) {
    shape = input.shape;
    if (shape.length === 2 && shape[1] > 1) {
      const arg = tf.argMax(input, 1);
      try {
        return Int32Array.from((await arg.data()) as Int32Array);
      } finally {
        arg.dispose();
      }
    }
    values = (await input.data()) as ArrayLike<number>;
  } else if (Array.isArray(input) && Array.isArray(input[0])) {
    shape = nestedShape(input, what);
    if (shape.length !== 2) {
      throw new TypeError(
        `${what}: expected [n] labels or [n, classes] scores, got shape [${shape}].`,
      );
    }
    const rows = input as number[][];
    if (shape[1] > 1) {
      return Int32Array.from(rows, (r) => r.indexOf(Math.max(...r)));
    }
    values = rows.map((r) => r[0]);
  } else if (
    input != null && typeof input === "object" && "length" in input &&
    typeof (input as ArrayLike<unknown>).length === "number"
  ) {
    values = input as ArrayLike<number>;
    shape = [values.length];
  } else {
    throw new TypeError(
      `${what}: expected a tf.Tensor, an array of integer labels or [n, classes] scores, got ${
        describe(input)
      }.`,
    );
  }
  if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1))) {
    throw new TypeError(
      `${what}: expected [n] labels or [n, classes] scores, got shape [${shape}].`,
    );
  }
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isInteger(v)) {
      throw new TypeError(
        `${what}: label ${i} is ${String(v)}, not an integer class index. ` +
          "Pass integer labels, or the [n, classes] scores of model.predict.",
      );
    }
    out[i] = v;
  }
  return out;
}

/** The `n` option of a figure that shows the first images (`plots.digitGrid`, `plots.misclassified`): a positive integer, `fallback` when absent. */
export function imageCount(
  n: number | undefined,
  fallback: number,
  fn: string,
): number {
  const count = n ?? fallback;
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(
      `${fn}: n must be a positive integer, got ${count}.`,
    );
  }
  return count;
}
