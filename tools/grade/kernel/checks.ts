/**
 * The teacher's checks as the grader runs them, per exercise: the course's
 * own check (the one the notebook's check cell calls) plus hidden checks
 * that count in the grade but whose details never reach the feedback.
 *
 * What the student defined arrives as values read by the grader's check
 * cell; everything else a check needs (the test data, the layer stack of
 * exercise 8) is built here, so redefining `xTest` or `pila` in an answer
 * changes nothing.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  type CheckResult,
  checks,
  Conv2D,
  datasets,
  Dense,
  DepthwiseConv2D,
  Feedback,
  GlobalAveragePooling2D,
  type Layer,
  MaxPool2D,
  type Model,
  Sequential,
} from "../../../lib/internals.ts";

/** One check's outcome as the grader records it. */
export interface GradedCheck {
  /** Short name, e.g. `"principal"` or `"oculta: otros tamaños"`. */
  name: string;
  /** Hidden checks show only whether they passed. */
  hidden: boolean;
  /** The check's findings. */
  result: CheckResult;
}

type Check = (args: unknown[]) => CheckResult | Promise<CheckResult>;

interface ExerciseChecks {
  main: Check;
  hidden: { name: string; run: Check }[];
}

/** The stack of exercise 8, exactly as its notebook builds it. */
function teacherStack(): Sequential {
  const pila = new Sequential({ name: "pila" });
  pila.add(Conv2D(8, { kernelSize: [3, 3] }));
  pila.add(MaxPool2D({ poolSize: [2, 2] }));
  pila.add(Conv2D(16, { kernelSize: [3, 3], strides: 2, padding: "same" }));
  pila.add(DepthwiseConv2D({ kernelSize: [3, 3] }));
  pila.add(Conv2D(32, { kernelSize: [1, 1] }));
  pila.add(GlobalAveragePooling2D());
  pila.add(Dense(10, { activation: "softmax" }));
  return pila;
}

/** MNIST's test split, loaded and scaled here as the exercise notebooks do. */
async function teacherTestData(): Promise<[tf.Tensor, tf.Tensor]> {
  const [[xTrain0, yTrain0], [xTest0, yTest]] = await datasets.mnist
    .loadData();
  tf.dispose([xTrain0, yTrain0]);
  const [n, h, w] = xTest0.shape;
  const xTest = tf.tidy(() =>
    xTest0.reshape([n, h, w, 1]).cast("float32").div(255)
  );
  xTest0.dispose();
  return [xTest, yTest];
}

/**
 * A layer class checked on a setting the notebook never shows: a class that
 * only works for the visible numbers (hard-coded sizes) fails here.
 */
function otherSizes(
  Block: unknown,
  make: (B: new (...a: number[]) => Layer) => Layer,
  input: number[],
  expectedShape: number[],
  expectedParams: number,
): CheckResult {
  const fb = new Feedback("Comprobación oculta");
  if (typeof Block !== "function") {
    fb.wrong("No hay clase.");
    return fb.result();
  }
  const x = tf.randomNormal(input, 0, 1, "float32", 3);
  try {
    const layer = make(Block as new (...a: number[]) => Layer);
    const y = layer.apply(x, { training: true }) as tf.Tensor;
    fb.expect(
      y.shape.join(",") === expectedShape.join(","),
      "Forma correcta.",
      `Forma ${JSON.stringify(y.shape)}.`,
    );
    y.dispose();
    const params = layer.countParams();
    fb.expect(
      params === expectedParams,
      "Parámetros correctos.",
      `${params} parámetros.`,
    );
  } catch (error) {
    fb.wrong(`Error: ${error instanceof Error ? error.message : error}`);
  } finally {
    x.dispose();
  }
  return fb.result();
}

const EXERCISES: Record<string, ExerciseChecks> = {
  "01_contar_parametros": {
    main: async ([answers]) =>
      await checks.paramCounts(
        answers as Parameters<typeof checks.paramCounts>[0],
      ),
    hidden: [],
  },
  "02_convblock": {
    main: ([Block]) =>
      checks.convBlock(Block as Parameters<typeof checks.convBlock>[0]),
    hidden: [{
      name: "oculta: otros tamaños",
      // ConvBlock(4, 5) on 9×9×3 maps: 5×5×3×4 weights + 4×4 of BatchNorm.
      run: ([Block]) =>
        otherSizes(Block, (B) => new B(4, 5), [1, 9, 9, 3], [1, 5, 5, 4], 316),
    }],
  },
  "03_lenet_batchnorm": {
    main: ([model, history]) =>
      checks.lenetBatchNorm(
        model as Sequential | undefined,
        history as Parameters<typeof checks.lenetBatchNorm>[1],
      ),
    hidden: [],
  },
  "04_relu_vs_tanh": {
    main: ([model, historyTanh, historyRelu, better]) =>
      checks.reluLenet(
        {
          model,
          historyTanh,
          historyRelu,
          better,
        } as Parameters<typeof checks.reluLenet>[0],
      ),
    hidden: [],
  },
  "05_inception_reduccion": {
    main: ([model, saving]) =>
      checks.inceptionReduction(
        model as Model | undefined,
        saving as number | undefined,
      ),
    hidden: [],
  },
  "06_residual_proyeccion": {
    main: ([Block]) =>
      checks.residualProjection(
        Block as Parameters<typeof checks.residualProjection>[0],
      ),
    hidden: [{
      name: "oculta: otros tamaños",
      // Block(8) on 4 channels: two 3×3 convs (296 + 584) + a 1×1 projection (40).
      run: ([Block]) =>
        otherSizes(Block, (B) => new B(8), [1, 6, 6, 4], [1, 6, 6, 8], 920),
    }],
  },
  "07_modelo_separable": {
    main: async ([model]) => {
      const [xTest, yTest] = await teacherTestData();
      try {
        return await checks.separableModel(
          model as Model | undefined,
          xTest,
          yTest,
        );
      } finally {
        tf.dispose([xTest, yTest]);
      }
    },
    hidden: [],
  },
  "08_formas_de_salida": {
    main: ([answers]) =>
      checks.outputShapes(
        teacherStack(),
        answers as Parameters<typeof checks.outputShapes>[1],
      ),
    hidden: [],
  },
};

/** Exercise ids the grader knows, in course order. */
export const EXERCISE_IDS: readonly string[] = Object.keys(EXERCISES);

function failed(title: string, message: string): CheckResult {
  return new Feedback(title).wrong(message).result();
}

/**
 * Runs every check of `exercise` on `args` (the student's values, in the
 * order the rubric lists them). A check that throws is recorded as failed.
 */
export async function runExercise(
  exercise: string,
  args: unknown[],
): Promise<GradedCheck[]> {
  const spec = EXERCISES[exercise];
  if (!spec) {
    return [{
      name: "principal",
      hidden: false,
      result: failed(exercise, `Ejercicio desconocido: ${exercise}.`),
    }];
  }
  const all = [
    { name: "principal", hidden: false, run: spec.main },
    ...spec.hidden.map((h) => ({ ...h, hidden: true })),
  ];
  const out: GradedCheck[] = [];
  for (const check of all) {
    let result: CheckResult;
    try {
      result = await check.run(args);
    } catch (error) {
      result = failed(
        exercise,
        `La comprobación no pudo terminar: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
    out.push({ name: check.name, hidden: check.hidden, result });
  }
  return out;
}
