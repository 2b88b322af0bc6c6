/**
 * Exercise 4 — swap LeNet-5's tanh for ReLU, train both versions on the same
 * data, and read the validation curves to say which one learned better.
 *
 * @module
 */
import type { Sequential } from "../../keras/mod.ts";
import type { History } from "../../training/history.ts";
import type { CheckResult } from "./feedback.ts";
import { type ModelMissing, openModelCheck } from "./student_model.ts";
import { formatCount } from "../../core/format.ts";
import { activationOf } from "./inspect.ts";
import { checkTrained } from "./trained.ts";

const TITLE = "Ejercicio 4 · De tanh a ReLU";

/** LeNet-5's parameter count (the architecture must not change). */
export const LENET_PARAMS = 5 * 5 * 6 + 6 + 5 * 5 * 6 * 16 + 16 +
  5 * 5 * 16 * 120 + 120 + 120 * 84 + 84 + 84 * 10 + 10;

/** What the student hands in. */
export interface ReluAnswer {
  /** LeNet-5 with ReLU in the hidden layers. */
  model: Sequential | undefined;
  /** History of training the tutorial's tanh LeNet. */
  historyTanh: History | undefined;
  /** History of training the ReLU LeNet on the same data. */
  historyRelu: History | undefined;
  /** Which one ends with the higher validation accuracy, read from the curves. */
  better: "tanh" | "relu" | undefined;
}

function finalValAccuracy(history: History | undefined): number | undefined {
  const v = history?.history?.val_accuracy;
  return Array.isArray(v) && v.length > 0 ? v[v.length - 1] : undefined;
}

/** What the check says when it gets no model, or one that does not build. */
const NO_MODEL: ModelMissing = {
  message: "No encuentro el modelo con ReLU.",
  hint: "La función debe devolver un `Sequential`.",
  buildWhat: "Al construir el modelo",
  buildHint: "Copia el LeNet del tutorial y cambia solo las activaciones.",
};

/**
 * Checks the ReLU LeNet, that both versions trained, and that the stated
 * winner matches the student's own validation curves.
 *
 * @example
 * ```ts
 * const result = await checkReluLenet({ model, historyTanh, historyRelu, better: "relu" });
 * ```
 */
export async function checkReluLenet(answer: ReluAnswer): Promise<CheckResult> {
  const { historyTanh, historyRelu, better } = answer;
  const opened = await openModelCheck(TITLE, answer.model, NO_MODEL);
  if (!opened.ok) return opened.result;
  const { fb, answer: model } = opened;

  const weighted = model.layers.filter((l) =>
    l.className === "Conv2D" || l.className === "Dense"
  );
  const hidden = weighted.slice(0, -1);
  const last = weighted[weighted.length - 1];
  const notRelu = hidden.filter((l) => activationOf(l) !== "relu");
  if (hidden.length === 0) {
    fb.wrong(
      "El modelo no tiene capas ocultas.",
      "Parte del LeNet del tutorial.",
    );
  } else if (notRelu.length === 0) {
    fb.right(`Las ${hidden.length} capas ocultas usan ReLU.`);
  } else {
    fb.wrong(
      `Estas capas ocultas no usan ReLU: ${
        notRelu.map((l) => `${l.name} ("${activationOf(l)}")`).join(", ")
      }.`,
      'Cambia `activation: "tanh"` por `activation: "relu"` en C1, C3, C5 y F6.',
    );
  }
  if (last) {
    fb.expect(
      activationOf(last) === "softmax",
      "La capa de salida sigue con softmax.",
      `La capa de salida usa "${activationOf(last)}".`,
      "La ReLU es para las capas ocultas; la salida debe dar probabilidades: mantén `softmax`.",
    );
  }
  const params = model.countParams();
  fb.expect(
    params === LENET_PARAMS,
    `La arquitectura no cambia: ${formatCount(LENET_PARAMS)} parámetros.`,
    `El modelo tiene ${formatCount(params)} parámetros en vez de ${
      formatCount(LENET_PARAMS)
    }.`,
    "Cambia solo las activaciones; capas, filtros y tamaños como en el tutorial.",
  );

  const trainedTanh = checkTrained(fb, historyTanh, "LeNet con tanh");
  const trainedRelu = checkTrained(fb, historyRelu, "LeNet con ReLU");
  if (!trainedTanh || !trainedRelu) return fb.result();
  const accTanh = finalValAccuracy(historyTanh);
  const accRelu = finalValAccuracy(historyRelu);
  if (accTanh === undefined || accRelu === undefined) {
    return fb.fail(
      "Falta la exactitud de validación en algún historial.",
      "Entrena con `validationData: [xVal, yVal]` para tener `val_accuracy`.",
    );
  }
  if (better === undefined) {
    return fb.fail(
      "Todavía no has dicho cuál aprende mejor (falta tu respuesta en `mejor`).",
      'Mira la última `val_accuracy` de cada curva y escribe "tanh" o "relu".',
    );
  }
  const winner = accRelu >= accTanh ? "relu" : "tanh";
  const tie = Math.abs(accRelu - accTanh) < 1e-6;
  fb.expect(
    tie || better === winner,
    `Correcto: según tus curvas gana "${winner}" (val_accuracy ${
      accRelu.toFixed(4)
    } con ReLU, ${accTanh.toFixed(4)} con tanh).`,
    `Según tus propias curvas no gana "${better}".`,
    "Compara el último valor de `history.history.val_accuracy` de cada modelo.",
  );
  return fb.result();
}
