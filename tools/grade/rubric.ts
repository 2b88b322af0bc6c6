/**
 * The grading rubric: for each exercise, the names its answer defines (read
 * by the grader's check cell, in the order the kernel-side checks expect
 * them, see `kernel/checks.ts`) and the points of each check.
 *
 * @module
 */

/** Points of one check of an exercise. */
export interface RubricCheck {
  /** The name `kernel/checks.ts` gives it (`"principal"`, `"oculta: …"`). */
  name: string;
  /** Maximum points. */
  points: number;
  /** Hidden checks show only "comprobación oculta: no superada" in the feedback. */
  hidden: boolean;
}

/** One exercise of the rubric. */
export interface RubricExercise {
  /** Id, as in `metadata.cnn_course.exercise` (the notebook's file name). */
  id: string;
  /** Title shown in the feedback. */
  title: string;
  /** Top-level names the answer defines, passed to the checks in this order. */
  answers: readonly string[];
  /** The checks and their points. */
  checks: readonly RubricCheck[];
}

const main = (points: number): RubricCheck => ({
  name: "principal",
  points,
  hidden: false,
});
const hidden = (name: string, points: number): RubricCheck => ({
  name,
  points,
  hidden: true,
});

/** The eight exercises of `notebooks/ejercicios/`, 10 points each. */
export const RUBRIC: readonly RubricExercise[] = [
  {
    id: "01_contar_parametros",
    title: "Ejercicio 1 · Contar parámetros a mano",
    answers: ["respuesta"],
    checks: [main(10)],
  },
  {
    id: "02_convblock",
    title: "Ejercicio 2 · Arreglar el ConvBlock",
    answers: ["ConvBlock"],
    checks: [main(8), hidden("oculta: otros tamaños", 2)],
  },
  {
    id: "03_lenet_batchnorm",
    title: "Ejercicio 3 · LeNet con BatchNormalization",
    answers: ["modeloBN", "historyBN"],
    checks: [main(10)],
  },
  {
    id: "04_relu_vs_tanh",
    title: "Ejercicio 4 · De tanh a ReLU",
    answers: ["modeloRelu", "historyTanh", "historyRelu", "mejor"],
    checks: [main(10)],
  },
  {
    id: "05_inception_reduccion",
    title: "Ejercicio 5 · Inception con reducción 1×1",
    answers: ["miniInceptionReducida", "ahorro"],
    checks: [main(10)],
  },
  {
    id: "06_residual_proyeccion",
    title: "Ejercicio 6 · Bloque residual con proyección",
    answers: ["ResidualBlockProj"],
    checks: [main(8), hidden("oculta: otros tamaños", 2)],
  },
  {
    id: "07_modelo_separable",
    title: "Ejercicio 7 · Un modelo separable pequeño",
    answers: ["separable"],
    checks: [main(10)],
  },
  {
    id: "08_formas_de_salida",
    title: "Ejercicio 8 · Predecir formas de salida",
    answers: ["respuestas"],
    checks: [main(10)],
  },
];

/** The rubric entry of `id`, or undefined. */
export function rubricFor(id: string): RubricExercise | undefined {
  return RUBRIC.find((e) => e.id === id);
}

/** Maximum points of an exercise. */
export function maxPoints(exercise: RubricExercise): number {
  return exercise.checks.reduce((sum, c) => sum + c.points, 0);
}
