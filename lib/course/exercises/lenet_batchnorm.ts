/**
 * Exercise 3 — add BatchNormalization to LeNet-5: after each convolution
 * (C1, C3, C5), between the convolution and its tanh, with the convolution's
 * bias removed (as in the ConvBlock). The model must still train.
 *
 * @module
 */
import type { Layer, Sequential } from "../../keras/mod.ts";
import type { History } from "../../training/history.ts";
import { type CheckResult, describeValue, type Feedback } from "./feedback.ts";
import { type ModelMissing, openModelCheck } from "./student_model.ts";
import { checkTrained } from "./trained.ts";
import { formatCount, formatShape } from "../../core/format.ts";
import { activationOf, configOf, outputShapeOf, usesBias } from "./inspect.ts";

const TITLE = "Ejercicio 3 · LeNet con BatchNormalization";

/**
 * Parameters of LeNet-5 with BatchNormalization after each bias-free
 * convolution: the tutorial's 61,706 minus the 142 conv biases plus 4 per
 * normalised channel.
 */
export function lenetBatchNormParams(): number {
  const convs = 5 * 5 * 1 * 6 + 5 * 5 * 6 * 16 + 5 * 5 * 16 * 120;
  const bn = 4 * (6 + 16 + 120);
  const dense = 120 * 84 + 84 + 84 * 10 + 10;
  return convs + bn + dense;
}

const ORDER_HINT =
  "Tras cada Conv2D (sin `activation` y con `useBias: false`) añade " +
  '`BatchNormalization({ axis: 3 })` y después `Activation("tanh")`.';

/** Checks that the three Conv → BN → tanh triples are in place. */
function checkTriples(fb: Feedback, layers: Layer[]): void {
  const convIdx = layers.flatMap((
    l,
    i,
  ) => (l.className === "Conv2D" ? [i] : []));
  if (convIdx.length !== 3) {
    fb.wrong(
      `El modelo tiene ${convIdx.length} capas Conv2D; LeNet-5 tiene tres (C1, C3, C5).`,
      "Parte del LeNet del tutorial y no quites ni añadas convoluciones.",
    );
    return;
  }
  const bnCount =
    layers.filter((l) => l.className === "BatchNormalization").length;
  if (bnCount === 0) {
    fb.wrong(
      "El modelo no tiene ninguna capa BatchNormalization.",
      ORDER_HINT,
    );
    return;
  }
  for (const [n, i] of convIdx.entries()) {
    const conv = layers[i];
    const label = `${conv.name} (convolución ${n + 1} de 3)`;
    const bn = layers[i + 1];
    const act = layers[i + 2];
    if (bn?.className !== "BatchNormalization") {
      fb.wrong(`${label}: no va seguida de BatchNormalization.`, ORDER_HINT);
      continue;
    }
    const axis = configOf(bn).axis;
    const activationOk = activationOf(conv) === "linear" &&
      act?.className === "Activation" && activationOf(act) === "tanh";
    if (!activationOk) {
      fb.wrong(
        `${label}: la tanh no va entre BatchNormalization y la capa siguiente.`,
        'Normaliza antes de activar: Conv2D sin activación → BatchNormalization → `Activation("tanh")`.',
      );
      continue;
    }
    if (usesBias(conv)) {
      fb.wrong(
        `${label}: la convolución conserva su sesgo.`,
        "Con BatchNormalization detrás el sesgo sobra (lo hace `beta`): usa `useBias: false`.",
      );
      continue;
    }
    if (axis !== 3 && axis !== -1) {
      fb.wrong(
        `${label}: BatchNormalization normaliza el eje ${describeValue(axis)}.`,
        "Normaliza por canal: `axis: 3` (o -1).",
      );
      continue;
    }
    fb.right(`${label}: Conv2D → BatchNormalization → tanh.`);
  }
}

/** What the check says when it gets no model, or one that does not build. */
const NO_MODEL: ModelMissing = {
  message: "No encuentro el modelo.",
  hint: "La función debe devolver el `Sequential` que construyes.",
  buildWhat: "Al construir el modelo para imágenes 28×28×1",
  buildHint:
    "Revisa los argumentos de cada capa; el mensaje de error nombra la capa que falla.",
};

/**
 * Checks the student's LeNet-5 with BatchNormalization and, when given, the
 * history of training it.
 *
 * @example
 * ```ts
 * const result = await checkLenetBatchNorm(lenetBN, historyBN);
 * ```
 */
export async function checkLenetBatchNorm(
  answer: Sequential | undefined,
  history?: History,
): Promise<CheckResult> {
  const opened = await openModelCheck(TITLE, answer, NO_MODEL);
  if (!opened.ok) return opened.result;
  const { fb, answer: model } = opened;
  const layers = model.layers;
  checkTriples(fb, layers);

  const last = layers[layers.length - 1];
  const out = last ? outputShapeOf(last) : undefined;
  fb.expect(
    out !== undefined && formatShape(out) === "(None, 10)" &&
      activationOf(last) === "softmax",
    "La salida sigue siendo Dense(10) con softmax.",
    `La salida es ${out ? formatShape(out) : "desconocida"} con activación "${
      last ? activationOf(last) : "?"
    }".`,
    'No cambies el final de LeNet: `Dense(10, { activation: "softmax" })`.',
  );
  const params = model.countParams();
  const want = lenetBatchNormParams();
  fb.expect(
    params === want,
    `Total: ${formatCount(want)} parámetros.`,
    `Total: ${formatCount(params)} parámetros; se esperaban ${
      formatCount(want)
    }.`,
    "Cada BatchNormalization suma 4 valores por canal (gamma, beta, media y varianza móviles) y cada convolución sin sesgo pierde uno por filtro.",
  );
  if (history !== undefined) checkTrained(fb, history);
  return fb.result();
}
