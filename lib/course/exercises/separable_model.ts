/**
 * Exercise 7 — a separable version of a small conv model: fewer than
 * {@link SEPARABLE_MAX_PARAMS} parameters, no standard convolution larger
 * than 1×1, and a test accuracy of at least {@link separableMinAccuracy}.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { Model } from "../../keras/mod.ts";
import { quickMode } from "../quick.ts";
import { attempt, type CheckResult, describeValue } from "./feedback.ts";
import { type ModelMissing, openModelCheck } from "./student_model.ts";
import { formatCount } from "../../core/format.ts";
import { allLayers, isConv, kernelSizeOf } from "./inspect.ts";

const TITLE = "Ejercicio 7 · Un modelo separable pequeño";

/** The separable model must have fewer parameters than this. */
export const SEPARABLE_MAX_PARAMS = 10_000;

/**
 * Minimum test accuracy. Quick mode trains one epoch on 2,048 images, so it
 * asks less than a full run (which sees 50,000 images).
 */
export function separableMinAccuracy(quick: boolean = quickMode()): number {
  return quick ? 0.75 : 0.95;
}

/** Options of {@link checkSeparableModel}. */
export interface SeparableCheckOptions {
  /** Accuracy required; default {@link separableMinAccuracy} for the current mode. */
  minAccuracy?: number;
}

/** What the check says when it gets no model (it builds it itself by training). */
const NO_MODEL: ModelMissing = {
  message: "No encuentro el modelo.",
  hint: "La función debe devolver un modelo (`Sequential` o `Model`).",
};

/**
 * Checks the student's trained separable model on the given test data
 * (quick mode evaluates on the first 512 samples, as `evaluate` does).
 *
 * @example
 * ```ts
 * const result = await checkSeparableModel(separable, xTest, yTest);
 * ```
 */
export async function checkSeparableModel(
  answer: Model | undefined,
  xTest: tf.Tensor,
  yTest: tf.Tensor,
  options: SeparableCheckOptions = {},
): Promise<CheckResult> {
  const opened = await openModelCheck(TITLE, answer, NO_MODEL);
  if (!opened.ok) return opened.result;
  const { fb, answer: model } = opened;
  if (!model.built) {
    return fb.fail(
      "El modelo no está construido ni entrenado.",
      "Compílalo y entrénalo con `fit` antes de comprobarlo.",
    );
  }
  const layers = allLayers(model);
  const separable = layers.filter((l) =>
    l.className === "SeparableConv2D" || l.className === "DepthwiseConv2D"
  );
  const spatialConvs = layers.filter((l) => isConv(l) && !isConv(l, 1));
  fb.expect(
    separable.length > 0,
    `Usa ${separable.length} capa(s) separables o depthwise.`,
    "El modelo no usa ninguna convolución separable.",
    "Sustituye cada `Conv2D` 3×3 por `SeparableConv2D` (o por `DepthwiseConv2D` + `Conv2D` 1×1).",
  );
  fb.expect(
    spatialConvs.length === 0,
    "No quedan convoluciones estándar mayores que 1×1.",
    `Quedan convoluciones estándar con kernel mayor que 1×1: ${
      spatialConvs.map((l) => `${l.name} ${describeValue(kernelSizeOf(l))}`)
        .join(", ")
    }.`,
    "La parte espacial la hace la depthwise; las Conv2D que queden deben ser 1×1 (pointwise).",
  );
  const params = model.countParams();
  fb.expect(
    params < SEPARABLE_MAX_PARAMS,
    `Tiene ${formatCount(params)} parámetros (< ${
      formatCount(SEPARABLE_MAX_PARAMS)
    }).`,
    `Tiene ${formatCount(params)} parámetros; el límite es ${
      formatCount(SEPARABLE_MAX_PARAMS)
    }.`,
    "La Dense final suele ser la culpable: reduce el mapa antes de `Flatten` (más pooling) o usa `GlobalAveragePooling2D`.",
  );
  if (!model.compiled) {
    return fb.fail(
      "El modelo no está compilado, así que no se ha entrenado.",
      "Llama a `compile` y a `fit` antes de comprobar.",
    );
  }
  const evaluated = await attempt(
    fb,
    "Al evaluar el modelo",
    () => model.evaluate(xTest, yTest, { verbose: 0 }),
    "Evalúa con los mismos datos de test que el resto del curso (28×28×1, normalizados).",
  );
  if (!evaluated.ok) return fb.result();
  const accuracy = evaluated.value[1];
  const min = options.minAccuracy ?? separableMinAccuracy();
  fb.expect(
    typeof accuracy === "number" && accuracy >= min,
    `Exactitud en test: ${accuracy.toFixed(4)} (mínimo ${min}).`,
    `Exactitud en test: ${
      typeof accuracy === "number" ? accuracy.toFixed(4) : "desconocida"
    }; hace falta al menos ${min}.`,
    'Entrena con `metrics: ["accuracy"]`; si no llega, prueba `optimizers.Adam({ learningRate: 0.01 })`, lotes más pequeños o más filtros en la pointwise.',
  );
  return fb.result();
}
