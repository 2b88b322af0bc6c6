/**
 * Exercise 2 — fix the tutorial's `ConvBlock` (its constructor forgets
 * `self`; in TypeScript, the layers are created but never stored in `this`):
 * Conv2D without bias → BatchNormalization(axis 3) → ReLU.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { Layer } from "../../keras/mod.ts";
import {
  attempt,
  type CheckResult,
  describeValue,
  type Feedback,
  isClass,
  type Missing,
  openCheck,
} from "./feedback.ts";
import { formatCount, formatShape } from "../../core/format.ts";
import {
  activationOf,
  allLayers,
  configOf,
  kernelSizeOf,
  layersOfClass,
  maxAbsDiff,
  safeCountParams,
  usesBias,
} from "./inspect.ts";

const TITLE = "Ejercicio 2 · Arreglar el ConvBlock";

/** A ConvBlock class as the notebook declares it. */
export type ConvBlockClass = new (
  nFilters: number,
  kernelSize: number,
) => Layer;

/** What the check builds: `new ConvBlock(16, 3)` on a batch of 2 maps 12×12×8. */
export const CONV_BLOCK_PROBE = Object.freeze({
  nFilters: 16,
  kernelSize: 3,
  inputShape: Object.freeze([2, 12, 12, 8]) as readonly number[],
});

const THIS_HINT =
  "En el constructor, guarda cada capa en un campo: `this.conv = Conv2D(...)`, " +
  '`this.bn = BatchNormalization({ axis: 3 })`, `this.activation = Activation("relu")`.';

/** Expected parameters: conv kernel without bias + 4 per channel of BatchNormalization. */
export function convBlockParams(
  inChannels: number,
  nFilters: number,
  kernelSize: number,
): number {
  return kernelSize * kernelSize * inChannels * nFilters + 4 * nFilters;
}

/** What the check says when it is not handed a class. */
const NO_CLASS: Missing = {
  message: "No encuentro la clase `ConvBlock`.",
  hint:
    "Pasa la clase (no una instancia) a la comprobación: `checkConvBlock(ConvBlock)`.",
};

/**
 * Checks a student's `ConvBlock` class: it builds, holds the three layers
 * with the right settings, and computes `relu(bn(conv(x)))`.
 *
 * @example
 * ```ts
 * const result = await checkConvBlock(ConvBlock);
 * ```
 */
export async function checkConvBlock(
  answer: ConvBlockClass | undefined,
): Promise<CheckResult> {
  const opened = openCheck(TITLE, answer, isClass, NO_CLASS);
  if (!opened.ok) return opened.result;
  const { fb, answer: ConvBlock } = opened;
  const { nFilters, kernelSize, inputShape } = CONV_BLOCK_PROBE;
  const made = await attempt(
    fb,
    `\`new ConvBlock(${nFilters}, ${kernelSize})\``,
    () => new ConvBlock(nFilters, kernelSize),
    "¿Llamaste a `super()` al principio del constructor?",
  );
  if (!made.ok) return fb.result();
  const block = made.value;
  if (
    !fb.expect(
      block instanceof Layer,
      "`ConvBlock` extiende `Layer`.",
      "`ConvBlock` no es una capa.",
      "Declárala como `class ConvBlock extends Layer { ... }`.",
    )
  ) return fb.result();

  const x = tf.randomNormal(inputShape as number[], 0, 1, "float32", 7);
  try {
    const ran = await attempt(
      fb,
      "Al aplicar el bloque a un tensor",
      () => block.apply(x, { training: true }),
      THIS_HINT,
    );
    if (!ran.ok) {
      if (layersOfClass(allLayers(block), "Conv2D").length === 0) {
        fb.wrong(
          "El bloque no tiene ninguna capa guardada: las capas creadas en el constructor se pierden.",
          THIS_HINT,
        );
      }
      return fb.result();
    }
    const y = ran.value;
    const [n, h, w] = inputShape;
    const side = h - kernelSize + 1;
    const expected = [n, side, w - kernelSize + 1, nFilters];
    fb.expect(
      y.shape.join(",") === expected.join(","),
      `La salida tiene forma ${formatShape(y.shape)}.`,
      `La salida tiene forma ${formatShape(y.shape)}, pero se esperaba ${
        formatShape(expected)
      }.`,
      'Usa `nFilters` filtros y `kernelSize` como tamaño del kernel, sin `padding` ("valid", como en el tutorial).',
    );
    y.dispose();
    await checkStructure(fb, block, x);
  } finally {
    x.dispose();
  }
  const params = safeCountParams(block);
  const want = convBlockParams(inputShape[3], nFilters, kernelSize);
  if (params !== undefined) {
    fb.expect(
      params === want,
      `Tiene ${formatCount(want)} parámetros, los correctos.`,
      `Tiene ${formatCount(params)} parámetros; se esperaban ${
        formatCount(want)
      }.`,
      "Conv2D sin sesgo (`useBias: false`) + BatchNormalization (4 valores por canal).",
    );
  }
  return fb.result();
}

async function checkStructure(
  fb: Feedback,
  block: Layer,
  x: tf.Tensor,
): Promise<void> {
  const layers = allLayers(block);
  const convs = layersOfClass(layers, "Conv2D");
  const bns = layersOfClass(layers, "BatchNormalization");
  const acts = layersOfClass(layers, "Activation");
  const { nFilters, kernelSize } = CONV_BLOCK_PROBE;

  if (convs.length !== 1) {
    fb.wrong(
      `El bloque tiene ${convs.length} capas Conv2D; debe tener exactamente una.`,
      THIS_HINT,
    );
    return;
  }
  const conv = convs[0];
  const k = kernelSizeOf(conv);
  fb.expect(
    configOf(conv).filters === nFilters && k?.[0] === kernelSize &&
      k?.[1] === kernelSize,
    "La convolución usa `nFilters` y `kernelSize`.",
    `La convolución tiene ${
      describeValue(configOf(conv).filters)
    } filtros y kernel ${
      describeValue(k)
    }, en vez de ${nFilters} y [${kernelSize}, ${kernelSize}].`,
    "Pasa los argumentos del constructor a `Conv2D(nFilters, { kernelSize, useBias: false })`.",
  );
  fb.expect(
    !usesBias(conv),
    "La convolución no tiene sesgo (`useBias: false`).",
    "La convolución tiene sesgo.",
    "Con BatchNormalization detrás, el sesgo sobra: su `beta` ya desplaza la salida. Usa `useBias: false`.",
  );
  fb.expect(
    activationOf(conv) === "linear",
    "La convolución no aplica activación propia.",
    `La convolución aplica "${activationOf(conv)}" antes de normalizar.`,
    "La activación va después de BatchNormalization: quita `activation` de la Conv2D.",
  );
  if (bns.length !== 1) {
    fb.wrong(
      `El bloque tiene ${bns.length} capas BatchNormalization; debe tener una.`,
      THIS_HINT,
    );
    return;
  }
  const axis = configOf(bns[0]).axis;
  fb.expect(
    axis === 3 || axis === -1,
    "BatchNormalization normaliza por canal (eje 3).",
    `BatchNormalization usa el eje ${describeValue(axis)}.`,
    "En imágenes (lote, alto, ancho, canales) los canales están en el eje 3: `BatchNormalization({ axis: 3 })`.",
  );
  const relu = acts.find((a) => activationOf(a) === "relu");
  if (!relu) {
    fb.wrong(
      'No hay una capa `Activation("relu")` en el bloque.',
      'Añade `this.activation = Activation("relu")` y aplícala al final.',
    );
    return;
  }
  // Replaying the block's own layers in the intended order tells a wrong
  // call() order apart from a wrong layer configuration.
  const expected = tf.tidy(() =>
    relu.apply(
      bns[0].apply(conv.apply(x, { training: true }), { training: true }),
    )
  );
  const actual = block.apply(x, { training: true });
  const diff = await maxAbsDiff(actual, expected);
  tf.dispose([expected, actual]);
  fb.expect(
    diff < 1e-4,
    "`call()` calcula relu(bn(conv(x))), en ese orden.",
    "`call()` no calcula relu(bn(conv(x))).",
    "Aplica primero la convolución, luego BatchNormalization y por último la ReLU, y devuelve el resultado.",
  );
}
