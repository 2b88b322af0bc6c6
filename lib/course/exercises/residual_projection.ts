/**
 * Exercise 6 — a residual block whose shortcut becomes a 1×1 convolution
 * (a projection) when the number of channels changes, and stays the
 * identity when it does not.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { Layer } from "../../keras/mod.ts";
import {
  attempt,
  type CheckResult,
  type Feedback,
  isClass,
  type Missing,
  openCheck,
} from "./feedback.ts";
import { formatCount, formatShape } from "../../core/format.ts";
import {
  allLayers,
  inputChannelsOf,
  isConv,
  maxAbsDiff,
  safeCountParams,
} from "./inspect.ts";

const TITLE = "Ejercicio 6 · Bloque residual con proyección";

/** A residual block class as the notebook declares it. */
export type ResidualBlockClass = new (nFilters: number) => Layer;

/** The two cases the check runs: channels change (16 → 32) and stay (32 → 32). */
export const RESIDUAL_PROBE = Object.freeze({
  nFilters: 32,
  changing: Object.freeze([2, 8, 8, 16]) as readonly number[],
  keeping: Object.freeze([2, 8, 8, 32]) as readonly number[],
});

/** Parameters of the block: two 3×3 convs with bias, plus a 1×1 projection if channels change. */
export function residualParams(inChannels: number, nFilters: number): number {
  const conv1 = 9 * inChannels * nFilters + nFilters;
  const conv2 = 9 * nFilters * nFilters + nFilters;
  const projection = inChannels === nFilters
    ? 0
    : inChannels * nFilters + nFilters;
  return conv1 + conv2 + projection;
}

const SHAPE_HINT =
  "Cuando los canales de la entrada no coinciden con `nFilters`, `Add` no puede sumar: " +
  "pasa la entrada por `Conv2D(nFilters, { kernelSize: 1 })` antes de sumarla.";

/** What the check says when it is not handed a class. */
const NO_CLASS: Missing = {
  message: "No encuentro la clase del bloque residual.",
  hint: "Pasa la clase (no una instancia) a la comprobación.",
};

/**
 * Checks a student's residual block class on both cases, its parameter
 * counts, and that it really adds the (projected) input to the conv path.
 *
 * @example
 * ```ts
 * const result = await checkResidualProjection(ResidualBlockProj);
 * ```
 */
export async function checkResidualProjection(
  answer: ResidualBlockClass | undefined,
): Promise<CheckResult> {
  const { nFilters, changing, keeping } = RESIDUAL_PROBE;
  const opened = openCheck(TITLE, answer, isClass, NO_CLASS);
  if (!opened.ok) return opened.result;
  const { fb, answer: Block } = opened;
  for (const shape of [changing, keeping]) {
    const label = `De ${shape[3]} a ${nFilters} canales`;
    const made = await attempt(
      fb,
      `\`new Block(${nFilters})\``,
      () => new Block(nFilters),
      "¿Llamaste a `super()` en el constructor y guardaste las capas en `this`?",
    );
    if (!made.ok) return fb.result();
    if (!(made.value instanceof Layer)) {
      return fb.fail(
        "El bloque no es una capa.",
        "Declárala con `extends Layer`.",
      );
    }
    await checkCase(fb, made.value, shape, label);
  }
  return fb.result();
}

async function checkCase(
  fb: Feedback,
  block: Layer,
  shape: readonly number[],
  label: string,
): Promise<void> {
  const { nFilters } = RESIDUAL_PROBE;
  const inChannels = shape[3];
  const x = tf.randomNormal(shape as number[], 0, 1, "float32", 11);
  try {
    const ran = await attempt(
      fb,
      `${label}, entrada ${formatShape([null, ...shape.slice(1)])}`,
      () => block.apply(x),
      inChannels === nFilters
        ? "Con canales iguales el atajo es la identidad."
        : SHAPE_HINT,
    );
    if (!ran.ok) return;
    const y = ran.value;
    const want = [shape[0], shape[1], shape[2], nFilters];
    const shapeOk = y.shape.join(",") === want.join(",");
    y.dispose();
    if (
      !fb.expect(
        shapeOk,
        `${label}: la salida tiene ${nFilters} canales y el mismo tamaño espacial.`,
        `${label}: la salida tiene forma ${formatShape(y.shape)}, se esperaba ${
          formatShape(want)
        }.`,
        'Usa `padding: "same"` en las dos convoluciones 3×3 y `nFilters` filtros.',
      )
    ) return;

    const layers = allLayers(block).filter((l) => l.built);
    const convs3 = layers.filter((l) => isConv(l, 3));
    const convs1 = layers.filter((l) => isConv(l, 1));
    const params = safeCountParams(block);
    const expected = residualParams(inChannels, nFilters);
    if (inChannels !== nFilters) {
      fb.expect(
        convs1.length === 1 && inputChannelsOf(convs1[0]) === inChannels,
        `${label}: el atajo es una proyección Conv2D 1×1.`,
        `${label}: no encuentro una única Conv2D 1×1 aplicada a la entrada en el atajo.`,
        "La proyección debe ser `Conv2D(nFilters, { kernelSize: 1 })`: cambia los canales sin mirar vecinos.",
      );
    } else {
      fb.expect(
        convs1.length === 0,
        `${label}: el atajo es la identidad (sin capas extra).`,
        `${label}: el atajo usa una Conv2D 1×1 aunque los canales ya coinciden.`,
        "Proyecta solo cuando `inputs.shape[3] !== nFilters`; si coinciden, suma la entrada tal cual.",
      );
    }
    if (params !== undefined) {
      fb.expect(
        params === expected,
        `${label}: ${formatCount(expected)} parámetros.`,
        `${label}: ${formatCount(params)} parámetros, se esperaban ${
          formatCount(expected)
        }.`,
        "Dos Conv2D 3×3 con sesgo y, solo si cambian los canales, una Conv2D 1×1 con sesgo.",
      );
    }
    if (convs3.length !== 2) {
      fb.wrong(
        `${label}: el camino principal tiene ${convs3.length} convoluciones 3×3; deben ser dos.`,
        "Mantén `conv1` (3×3, relu) y `conv2` (3×3, sin activación) del bloque del tutorial.",
      );
      return;
    }
    await checkSum(fb, block, x, convs3, convs1[0], label);
  } finally {
    x.dispose();
  }
}

/** Replays relu(conv2(conv1(x)) + shortcut(x)) with the block's own layers. */
async function checkSum(
  fb: Feedback,
  block: Layer,
  x: tf.Tensor,
  convs3: Layer[],
  projection: Layer | undefined,
  label: string,
): Promise<void> {
  const actual = block.apply(x);
  let best = Infinity;
  // Field order need not be conv1, conv2: try both.
  for (const [a, b] of [[convs3[0], convs3[1]], [convs3[1], convs3[0]]]) {
    if (inputChannelsOf(a) !== x.shape[3]) continue;
    const expected = tf.tidy(() => {
      const main = b.apply(a.apply(x));
      const skip = projection ? projection.apply(x) : x;
      return tf.relu(tf.add(main, skip));
    });
    best = Math.min(best, await maxAbsDiff(actual, expected));
    expected.dispose();
  }
  actual.dispose();
  fb.expect(
    best < 1e-4,
    `${label}: la salida es relu(conv2(conv1(x)) + atajo(x)).`,
    `${label}: la salida no es relu(conv2(conv1(x)) + atajo(x)).`,
    "Suma el camino principal y el atajo con `Add` y aplica la ReLU después de la suma.",
  );
}
