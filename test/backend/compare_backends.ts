/**
 * Test helper: runs the same tensor computation on two backends from identical
 * inputs and reports the largest difference.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { seededRng } from "../../lib/core/seed.ts";

/** Deterministic input data: normal-ish values, or small integers (for ties). */
export function data(
  shape: number[],
  seed: number,
  kind: "normal" | "ties" | "negative" = "normal",
): Float32Array {
  const rng = seededRng(seed);
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) {
    const u = rng();
    out[i] = kind === "ties"
      ? Math.floor(u * 3)
      : kind === "negative"
      ? -1 - 4 * u
      : (u - 0.5) * 4;
  }
  return out;
}

/** Runs `fn` on `backend` with fresh tensors built from `inputs`, returning plain arrays. */
export async function runOn(
  backend: string,
  inputs: { shape: number[]; values: Float32Array }[],
  fn: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const xs = inputs.map((i) => tf.tensor(i.values, i.shape));
  const out = tf.tidy(() => {
    const r = fn(...xs);
    return Array.isArray(r) ? r : [r];
  });
  const values = await Promise.all(
    out.map(async (t) => (await t.data()) as Float32Array),
  );
  tf.dispose([...xs, ...out]);
  return values;
}

/** Largest |a−b| over all outputs, scaled by max(1, |b|). */
export function maxRelDiff(a: Float32Array[], b: Float32Array[]): number {
  if (a.length !== b.length) {
    throw new Error(`output counts differ: ${a.length} vs ${b.length}`);
  }
  let worst = 0;
  a.forEach((arr, k) => {
    if (arr.length !== b[k].length) {
      throw new Error(
        `output ${k} sizes differ: ${arr.length} vs ${b[k].length}`,
      );
    }
    for (let i = 0; i < arr.length; i++) {
      const d = Math.abs(arr[i] - b[k][i]) / Math.max(1, Math.abs(b[k][i]));
      if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
    }
  });
  return worst;
}

/** Gradients of `Σ f(xs)·r` (fixed pseudo-random `r`) with respect to every input, after `f`'s value. */
export function gradsOf(
  f: (...xs: tf.Tensor[]) => tf.Tensor,
  seed = 99,
): (...xs: tf.Tensor[]) => tf.Tensor[] {
  return (...xs) => {
    const y = f(...xs);
    const r = tf.tensor(data(y.shape, seed), y.shape);
    const g = tf.grads((...ys: tf.Tensor[]) => tf.sum(tf.mul(f(...ys), r)));
    return [y, ...g(xs)];
  };
}
