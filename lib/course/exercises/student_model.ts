/**
 * What the model checks first ask of the student's answer: that it is a
 * model at all, and that it builds for MNIST's 28×28×1 images (a broken
 * layer argument is reported, in Spanish, instead of crashing the cell).
 *
 * @module
 */
import { attempt, type Feedback } from "./feedback.ts";

/** Whether the answer looks like a Keras model (it has a layer list). */
export function hasLayers<M extends { layers: unknown }>(
  model: M | undefined,
): model is M {
  return !!model && Array.isArray(model.layers);
}

/**
 * Builds `model` for `(None, 28, 28, 1)` inputs; on an error, records it on
 * `fb` as `what: …` with `hint` and returns `false`.
 */
export async function buildsForDigits(
  fb: Feedback,
  model: { build(shape: (number | null)[]): void },
  what: string,
  hint: string,
): Promise<boolean> {
  const built = await attempt(
    fb,
    what,
    () => model.build([null, 28, 28, 1]),
    hint,
  );
  return built.ok;
}
