/**
 * Exercise 1 — count by hand the parameters of a standard convolution, a
 * depthwise convolution and a pointwise (1×1) convolution on the same input.
 *
 * @module
 */
import { type CheckResult, describeValue, Feedback } from "./feedback.ts";

const TITLE = "Ejercicio 1 · Contar parámetros a mano";

/** The layer setting the exercise asks about. */
export interface ParamCountSetting {
  /** Channels of the input feature map. */
  inChannels: number;
  /** Filters of the standard and pointwise convolutions. */
  filters: number;
  /** Side of the square kernel of the standard and depthwise convolutions. */
  kernelSize: number;
  /** Whether every layer has a bias (Keras's default `useBias: true`). */
  useBias: boolean;
}

/** The setting used in the notebook: a 14×14×8 map, 16 filters, 3×3 kernels, with bias. */
export const PARAM_COUNT_SETTING: Readonly<ParamCountSetting> = Object.freeze({
  inChannels: 8,
  filters: 16,
  kernelSize: 3,
  useBias: true,
});

/** The student's three answers; `undefined` means not answered yet. */
export interface ParamCountAnswers {
  /** Parameters of `Conv2D(filters, kernelSize×kernelSize)`. */
  conv: number | undefined;
  /** Parameters of `DepthwiseConv2D(kernelSize×kernelSize)`. */
  depthwise: number | undefined;
  /** Parameters of `Conv2D(filters, 1×1)`. */
  pointwise: number | undefined;
}

/** Parameters of a Conv2D: one k×k×C kernel per filter, plus one bias each. */
export function convParams(
  inChannels: number,
  filters: number,
  kernelSize: number,
  useBias: boolean,
): number {
  return kernelSize * kernelSize * inChannels * filters +
    (useBias ? filters : 0);
}

/** Parameters of a DepthwiseConv2D (depth multiplier 1): one k×k kernel per input channel. */
export function depthwiseParams(
  inChannels: number,
  kernelSize: number,
  useBias: boolean,
): number {
  return kernelSize * kernelSize * inChannels + (useBias ? inChannels : 0);
}

interface Mistake {
  value: number;
  message: string;
}

function judge(
  fb: Feedback,
  label: string,
  answer: unknown,
  expected: number,
  mistakes: Mistake[],
  generalHint: string,
): void {
  if (answer === undefined || answer === null) {
    fb.wrong(
      `${label}: todavía no has escrito tu respuesta.`,
      "Escribe un número en cada hueco marcado con TODO.",
    );
    return;
  }
  if (typeof answer !== "number" || !Number.isFinite(answer)) {
    fb.wrong(
      `${label}: la respuesta debe ser un número, no ${describeValue(answer)}.`,
      "Escribe el resultado como número, p. ej. `123`, no como texto.",
    );
    return;
  }
  if (answer === expected) {
    fb.right(`${label}: ${expected} parámetros.`);
    return;
  }
  const known = mistakes.find((m) =>
    m.value === answer && m.value !== expected
  );
  if (known) {
    fb.wrong(`${label}: ${answer} no es correcto.`, known.message);
  } else {
    fb.wrong(`${label}: ${answer} no es correcto.`, generalHint);
  }
}

/**
 * Checks the three hand-counted parameter numbers for `setting`.
 *
 * @example
 * ```ts
 * const r = checkParamCounts({ conv: 1168, depthwise: 80, pointwise: 144 });
 * r.passed; // true
 * ```
 */
export function checkParamCounts(
  answers: ParamCountAnswers | undefined,
  setting: ParamCountSetting = PARAM_COUNT_SETTING,
): CheckResult {
  const fb = new Feedback(TITLE);
  if (
    answers === undefined || answers === null || typeof answers !== "object"
  ) {
    return fb.fail(
      "No encuentro tus respuestas: se espera un objeto `{ conv, depthwise, pointwise }`.",
      "Rellena el objeto `respuesta` de la celda anterior.",
    );
  }
  const { inChannels: c, filters: f, kernelSize: k, useBias } = setting;
  const bias = useBias ? 1 : 0;
  const forgotBias =
    "Cada filtro (o cada canal, en la depthwise) lleva además un sesgo (`useBias: true` por defecto).";

  judge(
    fb,
    "Conv2D estándar",
    answers.conv,
    convParams(c, f, k, useBias),
    [
      { value: k * k * c * f, message: forgotBias },
      {
        value: k * k * f + bias * f,
        message:
          "Cada filtro recorre *todos* los canales de entrada: su kernel mide k×k×C, no solo k×k.",
      },
      {
        value: k * k * c + bias * f,
        message:
          "Hay un kernel k×k×C por cada filtro: multiplica también por el número de filtros.",
      },
    ],
    "Un Conv2D tiene `kernel_h × kernel_w × canales_entrada × filtros` pesos, más un sesgo por filtro.",
  );

  judge(
    fb,
    "DepthwiseConv2D",
    answers.depthwise,
    depthwiseParams(c, k, useBias),
    [
      { value: k * k * c, message: forgotBias },
      {
        value: k * k * c * f + bias * f,
        message:
          "La convolución depthwise no mezcla canales ni tiene `filters`: usa un único kernel k×k por canal de entrada.",
      },
      {
        value: k * k + bias,
        message:
          "No es un solo kernel: hay uno k×k por *cada* canal de entrada (y un sesgo por canal).",
      },
    ],
    "Depthwise: `kernel_h × kernel_w × canales_entrada` pesos, más un sesgo por canal.",
  );

  judge(
    fb,
    "Conv2D pointwise (1×1)",
    answers.pointwise,
    convParams(c, f, 1, useBias),
    [
      { value: c * f, message: forgotBias },
      {
        value: convParams(c, f, k, useBias),
        message:
          "La pointwise es una convolución normal con kernel 1×1: el tamaño espacial del kernel es 1, no k.",
      },
      {
        value: f + bias * f,
        message:
          "El kernel 1×1 sigue recorriendo todos los canales de entrada: son 1×1×C pesos por filtro.",
      },
    ],
    "Pointwise = Conv2D con kernel 1×1: `canales_entrada × filtros` pesos, más un sesgo por filtro.",
  );

  return fb.result();
}
