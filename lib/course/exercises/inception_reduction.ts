/**
 * Exercise 5 — the inception layer with a 1×1 "reduction" convolution in
 * front of its 5×5 branch (as GoogLeNet does), and the parameters it saves.
 *
 * @module
 */
import type { Layer, Model } from "../../keras/mod.ts";
import { type CheckResult, describeValue, Feedback } from "./feedback.ts";
import { formatCount, formatShape } from "../../core/format.ts";
import {
  activationOf,
  configOf,
  inboundLayers,
  inputChannelsOf,
  isConv,
  outputShapeOf,
} from "./inspect.ts";

const TITLE = "Ejercicio 5 · Inception con reducción 1×1";

/** Channels entering the inception layer, filters per branch, channels after the reduction. */
export interface InceptionSetting {
  /** Channels of the inception layer's input. */
  readonly inChannels: number;
  /** Filters of each convolution branch. */
  readonly nFilters: number;
  /** Filters of the 1×1 reduction before the 5×5 branch. */
  readonly nReduce: number;
}

/** The notebook's setting: 16 channels in, 32 filters per branch, reduction to 8 channels. */
export const INCEPTION_SETTING: InceptionSetting = Object.freeze({
  inChannels: 16,
  nFilters: 32,
  nReduce: 8,
});

/** Parameters of the tutorial's 5×5 branch (on all input channels). */
export function branch5x5Params(inChannels: number, nFilters: number): number {
  return 25 * inChannels * nFilters + nFilters;
}

/** Parameters of the reduced 5×5 branch: 1×1 to `nReduce`, then 5×5. */
export function reducedBranchParams(
  inChannels: number,
  nFilters: number,
  nReduce: number,
): number {
  return inChannels * nReduce + nReduce + 25 * nReduce * nFilters + nFilters;
}

/** Parameters saved by the reduction (what `ahorro` must hold). */
export function reductionSaving(): number {
  const { inChannels, nFilters, nReduce } = INCEPTION_SETTING;
  return branch5x5Params(inChannels, nFilters) -
    reducedBranchParams(inChannels, nFilters, nReduce);
}

const REDUCE_HINT =
  'En `inceptionLayerReducida`, crea `Conv2D(nReduce, { kernelSize: [1, 1], activation: "relu", ' +
  'padding: "same" })` sobre `tensor` y aplica la convolución 5×5 a *su* salida.';

/**
 * Checks a Functional mini-Inception whose 5×5 branch reads a 1×1
 * reduction, and the student's computed saving.
 *
 * @example
 * ```ts
 * const result = checkInceptionReduction(miniInceptionReducida, ahorro);
 * ```
 */
export function checkInceptionReduction(
  model: Model | undefined,
  saving: number | undefined,
): CheckResult {
  const fb = new Feedback(TITLE);
  if (!model || !Array.isArray(model.layers) || !model.graph) {
    return fb.fail(
      "No encuentro un modelo funcional.",
      "Construye el modelo con `new Model({ inputs, outputs })`, como en el tutorial.",
    );
  }
  const { inChannels, nFilters, nReduce } = INCEPTION_SETTING;
  const concat = model.layers.find((l) => l.className === "Concatenate");
  if (!concat) {
    return fb.fail(
      "El modelo no tiene una capa Concatenate.",
      "Une las cuatro ramas con `Concatenate({ axis: -1 })`.",
    );
  }
  const branches = inboundLayers(concat);
  const out = outputShapeOf(concat);
  const channels = 3 * nFilters + inChannels;
  fb.expect(
    branches.length === 4 && out?.[3] === channels,
    `La capa inception une 4 ramas en ${channels} canales.`,
    `La concatenación une ${branches.length} ramas y da ${
      out ? formatShape(out) : "?"
    }.`,
    "Mantén las cuatro ramas del tutorial (1×1, 5×5, 3×3 y max-pooling), cada una con `nFilters` filtros salvo el pooling.",
  );
  const branch5 = branches.find((l) => isConv(l, 5));
  // The layer that feeds the pooling branch is the inception layer's input.
  const pool = branches.find((l) => l.className === "MaxPooling2D");
  const base = pool ? inboundLayers(pool)[0] : undefined;
  const behind5 = branches.find((l) =>
    isConv(l, 1) && inboundLayers(l).some((p) => p !== base && isConv(p, 5))
  );
  if (behind5) {
    fb.wrong(
      "La convolución 1×1 está detrás de la 5×5: así no ahorra nada.",
      REDUCE_HINT,
    );
  } else if (!branch5) {
    fb.wrong(
      "No hay una rama con convolución 5×5 que llegue a la concatenación.",
      REDUCE_HINT,
    );
  } else {
    checkBranch(fb, branch5, inChannels, nFilters, nReduce);
  }
  const unreduced = branches.filter((l) =>
    l !== behind5 && (isConv(l, 1) || isConv(l, 3)) &&
    inputChannelsOf(l) !== inChannels
  );
  if (unreduced.length > 0) {
    fb.wrong(
      "Las ramas 1×1 y 3×3 también han cambiado de entrada.",
      "La reducción va solo delante de la 5×5; las demás ramas leen `tensor` directamente.",
    );
  }
  checkSaving(fb, saving);
  return fb.result();
}

function checkBranch(
  fb: Feedback,
  branch5: Layer,
  inChannels: number,
  nFilters: number,
  nReduce: number,
): void {
  const feeder = inboundLayers(branch5)[0];
  const reads = inputChannelsOf(branch5);
  if (!feeder || !isConv(feeder, 1)) {
    fb.wrong(
      `La convolución 5×5 lee directamente los ${
        reads ?? "?"
      } canales de la entrada.`,
      REDUCE_HINT,
    );
    return;
  }
  fb.right("La rama 5×5 empieza con una convolución 1×1.");
  fb.expect(
    configOf(feeder).filters === nReduce && reads === nReduce,
    `La reducción baja de ${inChannels} a ${nReduce} canales.`,
    `La reducción 1×1 produce ${
      describeValue(configOf(feeder).filters)
    } canales en vez de ${nReduce}.`,
    "Usa `nReduce` filtros en la 1×1: es lo que hace barata a la 5×5.",
  );
  fb.expect(
    activationOf(feeder) === "relu",
    "La reducción usa ReLU.",
    `La reducción usa "${activationOf(feeder)}".`,
    'Como en GoogLeNet, la 1×1 de reducción lleva `activation: "relu"`.',
  );
  fb.expect(
    configOf(branch5).filters === nFilters,
    `La 5×5 conserva ${nFilters} filtros.`,
    `La 5×5 tiene ${describeValue(configOf(branch5).filters)} filtros.`,
    "La 5×5 sigue teniendo `nFilters` filtros; solo cambia lo que lee.",
  );
}

function checkSaving(fb: Feedback, saving: number | undefined): void {
  const { inChannels, nFilters, nReduce } = INCEPTION_SETTING;
  const want = reductionSaving();
  const before = branch5x5Params(inChannels, nFilters);
  const after = reducedBranchParams(inChannels, nFilters, nReduce);
  if (saving === undefined || saving === null) {
    fb.wrong(
      "Todavía no has calculado `ahorro`.",
      "Resta los parámetros de la rama 5×5 reducida (1×1 + 5×5) a los de la rama original.",
    );
  } else if (saving === want) {
    fb.right(
      `Ahorro: ${formatCount(before)} − ${formatCount(after)} = ${
        formatCount(want)
      } parámetros.`,
    );
  } else if (saving === -want) {
    fb.wrong(
      `\`ahorro\` vale ${formatCount(saving)}: tiene el signo cambiado.`,
      "Calcula original − reducida.",
    );
  } else if (saving === before - (after - nReduce * inChannels - nReduce)) {
    fb.wrong(
      `\`ahorro\` vale ${
        formatCount(saving)
      }: olvidaste los parámetros de la propia 1×1.`,
      "La rama reducida cuesta la 1×1 (con sus sesgos) más la 5×5.",
    );
  } else {
    fb.wrong(
      `\`ahorro\` vale ${formatCount(saving)}, no es correcto.`,
      "Rama original: 5·5·16·32 + 32. Rama reducida: (1·1·16·8 + 8) + (5·5·8·32 + 32).",
    );
  }
}
