/**
 * The "it trains" part shared by the training exercises: a `History` from
 * `fit` whose losses are finite numbers.
 *
 * @module
 */
import type { History } from "../../training/history.ts";
import type { Feedback } from "./feedback.ts";

/** Records whether `history` shows a model that trained; returns the verdict. */
export function checkTrained(
  fb: Feedback,
  history: History | undefined,
  label = "El modelo",
): boolean {
  const loss = history?.history?.loss;
  if (!Array.isArray(loss) || loss.length === 0) {
    fb.wrong(
      `${label}: no hay historial de entrenamiento.`,
      "Guarda lo que devuelve `fit`: `const history = await modelo.fit(...)`.",
    );
    return false;
  }
  return fb.expect(
    loss.every(Number.isFinite),
    `${label} entrena: ${loss.length} época(s), pérdida final ${
      loss[loss.length - 1].toFixed(4)
    }.`,
    `${label}: la pérdida del entrenamiento dejó de ser un número finito (el entrenamiento divergió).`,
    "Prueba un `learningRate` más pequeño.",
  );
}
