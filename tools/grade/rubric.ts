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

/** The one visible check, worth all the points when there is no hidden one. */
const MAIN_ONLY: readonly RubricCheck[] = [
  { name: "principal", points: 10, hidden: false },
];

/** A visible check, plus a hidden one that tries the answer on other sizes. */
const MAIN_AND_OTHER_SIZES: readonly RubricCheck[] = [
  { name: "principal", points: 8, hidden: false },
  { name: "oculta: otros tamaños", points: 2, hidden: true },
];

/** An exercise of the rubric from its id, title, answer names and checks. */
const exercise = (
  id: string,
  title: string,
  answers: readonly string[],
  checks = MAIN_ONLY,
): RubricExercise => ({ id, title, answers, checks });

/** The eight exercises of `notebooks/ejercicios/`, 10 points each. */
export const RUBRIC: readonly RubricExercise[] = [
  exercise("01_contar_parametros", "Ejercicio 1 · Contar parámetros a mano", [
    "respuesta",
  ]),
  exercise(
    "02_convblock",
    "Ejercicio 2 · Arreglar el ConvBlock",
    ["ConvBlock"],
    MAIN_AND_OTHER_SIZES,
  ),
  exercise(
    "03_lenet_batchnorm",
    "Ejercicio 3 · LeNet con BatchNormalization",
    ["modeloBN", "historyBN"],
  ),
  exercise("04_relu_vs_tanh", "Ejercicio 4 · De tanh a ReLU", [
    "modeloRelu",
    "historyTanh",
    "historyRelu",
    "mejor",
  ]),
  exercise(
    "05_inception_reduccion",
    "Ejercicio 5 · Inception con reducción 1×1",
    ["miniInceptionReducida", "ahorro"],
  ),
  exercise(
    "06_residual_proyeccion",
    "Ejercicio 6 · Bloque residual con proyección",
    ["ResidualBlockProj"],
    MAIN_AND_OTHER_SIZES,
  ),
  exercise(
    "07_modelo_separable",
    "Ejercicio 7 · Un modelo separable pequeño",
    ["separable"],
  ),
  exercise("08_formas_de_salida", "Ejercicio 8 · Predecir formas de salida", [
    "respuestas",
  ]),
];

/** The rubric entry of `id`, or undefined. */
export function rubricFor(id: string): RubricExercise | undefined {
  return RUBRIC.find((e) => e.id === id);
}

/** Maximum points of an exercise. */
export function maxPoints(exercise: RubricExercise): number {
  return exercise.checks.reduce((sum, c) => sum + c.points, 0);
}
