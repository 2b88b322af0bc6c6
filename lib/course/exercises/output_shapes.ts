/**
 * Exercise 8 — predict the output shape of every layer of a stack before
 * building it; the check builds the student's model and compares.
 *
 * @module
 */
import type { Layer, Sequential } from "../../keras/mod.ts";
import type { Shape } from "../../core/types.ts";
import { attempt, type CheckResult, Feedback } from "./feedback.ts";
import { formatShape } from "../../core/format.ts";
import { configOf, outputShapeOf } from "./inspect.ts";

const TITLE = "Ejercicio 8 · Predecir formas de salida";

/** One predicted shape per layer, batch first (`null`), e.g. `[null, 26, 26, 8]`. */
export type ShapeAnswers = (readonly (number | null)[] | undefined)[];

function sameShape(a: readonly (number | null)[], b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** A hint that depends on the kind of layer the student got wrong. */
export function shapeHint(layer: Layer): string {
  const cfg = configOf(layer);
  const padding = cfg.padding;
  const strides = Array.isArray(cfg.strides) ? cfg.strides[0] : 1;
  switch (layer.className) {
    case "Conv2D":
    case "DepthwiseConv2D":
    case "SeparableConv2D": {
      const k = Array.isArray(cfg.kernelSize) ? cfg.kernelSize[0] : "k";
      const spatial = padding === "same"
        ? `con padding "same" el tamaño es ⌈entrada / ${strides}⌉`
        : `con padding "valid" el tamaño es ⌊(entrada − ${k}) / ${strides}⌋ + 1`;
      const channels = layer.className === "DepthwiseConv2D"
        ? "la depthwise conserva el número de canales"
        : "los canales pasan a ser el número de filtros";
      return `${layer.name} (${layer.className}): ${spatial}, y ${channels}.`;
    }
    case "MaxPooling2D":
    case "AveragePooling2D": {
      const pool = Array.isArray(cfg.poolSize) ? cfg.poolSize[0] : 2;
      return `${layer.name} (${layer.className}): una ventana ${pool}×${pool} con paso ${strides} ` +
        `divide el alto y el ancho (redondeando hacia abajo con padding "valid"); los canales no cambian.`;
    }
    case "GlobalAveragePooling2D":
      return `${layer.name}: la media global elimina alto y ancho; queda (None, canales).`;
    case "Flatten":
      return `${layer.name}: Flatten multiplica todas las dimensiones salvo el lote.`;
    case "Dense":
      return `${layer.name}: Dense cambia solo la última dimensión al número de unidades.`;
    default:
      return `${layer.name} (${layer.className}): esta capa no cambia la forma.`;
  }
}

/**
 * Checks predicted output shapes against the real ones of `model` built for
 * `inputShape`.
 *
 * @example
 * ```ts
 * const result = await checkOutputShapes(stack, [[null, 26, 26, 8], ...], [null, 28, 28, 1]);
 * ```
 */
export async function checkOutputShapes(
  model: Sequential,
  answers: ShapeAnswers | undefined,
  inputShape: Shape = [null, 28, 28, 1],
): Promise<CheckResult> {
  const fb = new Feedback(TITLE);
  const built = await attempt(
    fb,
    "Al construir la pila de capas",
    () => model.build(inputShape),
    "La celda que define el modelo no debería cambiar: vuelve a ejecutarla tal cual.",
  );
  if (!built.ok) return fb.result();
  const layers = model.layers;
  if (!Array.isArray(answers)) {
    return fb.fail(
      "Todavía no has escrito tus predicciones (falta la lista `respuestas`).",
      `Escribe una lista con ${layers.length} formas, una por capa, p. ej. \`[null, 26, 26, 8]\`.`,
    );
  }
  if (answers.length !== layers.length) {
    fb.wrong(
      `Hay ${layers.length} capas pero escribiste ${answers.length} formas.`,
      "Una forma por capa, en el orden de `add()`.",
    );
  }
  for (const [i, layer] of layers.entries()) {
    const real = outputShapeOf(layer);
    const answer = answers[i];
    if (!real) continue;
    const label = `Capa ${i + 1}, ${layer.name} (${layer.className})`;
    if (!Array.isArray(answer)) {
      fb.wrong(
        `${label}: falta tu predicción.`,
        "Escribe una forma en cada hueco marcado con TODO.",
      );
      continue;
    }
    if (sameShape(answer, real)) {
      fb.right(`${label}: ${formatShape(real)}.`);
    } else if (sameShape([null, ...answer], real)) {
      fb.wrong(
        `${label}: falta la dimensión del lote.`,
        "Empieza cada forma con `null`: es el tamaño del lote, que Keras muestra como `None`.",
      );
    } else {
      fb.wrong(
        `${label}: escribiste ${formatShape(answer)}, no es correcto.`,
        shapeHint(layer),
      );
    }
  }
  return fb.result();
}
