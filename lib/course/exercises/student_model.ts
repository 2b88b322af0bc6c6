/**
 * What the model checks first ask of the student's answer: that it is a
 * model at all, and that it builds for MNIST's 28×28×1 images (a broken
 * layer argument is reported, in Spanish, instead of crashing the cell).
 *
 * @module
 */
import { attempt, type Missing, openCheck, type Opened } from "./feedback.ts";

/** Whether the answer looks like a Keras model (it has a layer list). */
export function hasLayers<M extends { layers: unknown }>(
  model: M | undefined,
): model is M {
  return !!model && Array.isArray(model.layers);
}

/**
 * What a model check says when the answer is no model and, with
 * `buildWhat`, when it does not build (the failure reads `buildWhat: error`,
 * then `buildHint`).
 */
export type ModelMissing =
  & Missing
  & ({ buildWhat?: undefined } | { buildWhat: string; buildHint: string });

/**
 * Starts the check titled `title` of a model: it ends with `said.message`
 * when `answer` is not a model and, when `said` has `buildWhat`, with the
 * error when the model does not build for `(None, 28, 28, 1)` inputs.
 */
export async function openModelCheck<
  M extends { layers: unknown; build(shape: (number | null)[]): void },
>(
  title: string,
  answer: M | undefined,
  said: ModelMissing,
): Promise<Opened<M>> {
  const opened = openCheck(title, answer, hasLayers, said);
  if (!opened.ok || said.buildWhat === undefined) return opened;
  const built = await attempt(
    opened.fb,
    said.buildWhat,
    () => opened.answer.build([null, 28, 28, 1]),
    said.buildHint,
  );
  return built.ok ? opened : { ok: false, result: opened.fb.result() };
}
