// %% [markdown] id="titulo"
// # Ejercicio 3 · LeNet con BatchNormalization
//
// Parte del LeNet-5 del tutorial y añádele normalización por lotes, como en el
// `ConvBlock`: detrás de **cada convolución** (C1, C3 y C5),
//
// 1. la `Conv2D` pierde su activación y su sesgo (`useBias: false`),
// 2. le sigue `BatchNormalization({ axis: 3 })`,
// 3. y después `Activation("tanh")`.
//
// El resto (pooling, `Flatten`, F6 y la salida softmax) no cambia. Después
// entrenarás el modelo con la receta del tutorial y la comprobación mirará tanto
// la arquitectura como que haya entrenado.

// %% [markdown] id="datos-texto"
// ## Datos
//
// MNIST preparado como en el cuaderno de datos del curso.

// %% id="datos" shows="text? display"
import * as tf from "@tensorflow/tfjs";
import { datasets, exercises, trainTestSplit } from "cnn/mod.ts";

const [[xTrain0, yTrain0], [xTest0, yTest]] = await datasets.mnist.loadData();
const [h, w] = xTrain0.shape.slice(1);
const xTrainAll = tf.tidy(() =>
  xTrain0.reshape([xTrain0.shape[0], h, w, 1]).cast("float32").div(255)
);
const xTest = tf.tidy(() =>
  xTest0.reshape([xTest0.shape[0], h, w, 1]).cast("float32").div(255)
);
tf.dispose([xTrain0, xTest0]);
const [xTrain, xVal, yTrain, yVal] = trainTestSplit(xTrainAll, yTrain0, {
  testSize: 10000,
  randomState: 42,
});
tf.dispose([xTrainAll, yTrain0]);

// %% [markdown] id="respuesta-texto"
// ## Tu modelo
//
// La función devuelve, de momento, el LeNet-5 del tutorial. Modifícala.

// %% id="respuesta"
import {
  // ### BEGIN SOLUTION
  Activation,
  // ### STUB
  // ### END SOLUTION
  AvgPool2D,
  // ### BEGIN SOLUTION
  BatchNormalization,
  // ### STUB
  // ### END SOLUTION
  Conv2D,
  Dense,
  Flatten,
  MaxPool2D,
  Sequential,
} from "cnn/mod.ts";

function lenetBN(): Sequential {
  const model = new Sequential({ name: "LeNet-5-BN" });
  // ### BEGIN SOLUTION
  model.add(
    Conv2D(6, {
      kernelSize: [5, 5],
      padding: "same",
      useBias: false,
      name: "C1",
    }),
  );
  model.add(BatchNormalization({ axis: 3 }));
  model.add(Activation("tanh"));
  model.add(MaxPool2D({ poolSize: [2, 2], name: "S2" }));
  model.add(Conv2D(16, { kernelSize: [5, 5], useBias: false, name: "C3" }));
  model.add(BatchNormalization({ axis: 3 }));
  model.add(Activation("tanh"));
  model.add(AvgPool2D({ poolSize: [2, 2], name: "S4" }));
  model.add(Conv2D(120, { kernelSize: [5, 5], useBias: false, name: "C5" }));
  model.add(BatchNormalization({ axis: 3 }));
  model.add(Activation("tanh"));
  // ### STUB
  // // TODO: tras C1, C3 y C5 añade `BatchNormalization({ axis: 3 })` y
  // // `Activation("tanh")` (impórtalas de "cnn/mod.ts"), y quita a esas Conv2D
  // // su activación y su sesgo (`useBias: false`).
  // model.add(
  //   Conv2D(6, {
  //     kernelSize: [5, 5],
  //     activation: "tanh",
  //     padding: "same",
  //     name: "C1",
  //   }),
  // );
  // model.add(MaxPool2D({ poolSize: [2, 2], name: "S2" }));
  // model.add(
  //   Conv2D(16, { kernelSize: [5, 5], activation: "tanh", name: "C3" }),
  // );
  // model.add(AvgPool2D({ poolSize: [2, 2], name: "S4" }));
  // model.add(
  //   Conv2D(120, { kernelSize: [5, 5], activation: "tanh", name: "C5" }),
  // );
  // ### END SOLUTION
  model.add(Flatten());
  model.add(Dense(84, { activation: "tanh", name: "F6" }));
  model.add(Dense(10, { activation: "softmax" }));
  return model;
}

// %% [markdown] id="entrenar-texto"
// ## Entrenamiento
//
// La receta del tutorial: SGD con tasa 0.1, lotes de 256, 5 épocas. (En modo
// rápido, `CNN_QUICK=1`, el curso entrena una sola época con 2.048 imágenes.)

// %% id="entrenar" shows="display"
import { optimizers, setRandomSeed } from "cnn/mod.ts";

setRandomSeed(42);
const modeloBN = lenetBN();
modeloBN.compile({
  optimizer: optimizers.SGD({ learningRate: 0.1 }),
  loss: "sparse_categorical_crossentropy",
  metrics: ["accuracy"],
});
const historyBN = await modeloBN.fit(xTrain, yTrain, {
  epochs: 5,
  batchSize: 256,
  validationData: [xVal, yVal],
});

// %% id="comprobar" shows="display"
await exercises.lenetBatchNorm(modeloBN, historyBN);

// %% [markdown] id="resultados-texto"
// ## Resultados
//
// El resumen muestra dónde están los parámetros nuevos (los de BatchNorm) y las
// curvas cómo ha ido el entrenamiento. Compáralas con las del LeNet sin BatchNorm
// del capítulo 4 del curso.

// %% id="resultados" shows="text display figure"
import { plots } from "cnn/mod.ts";

await modeloBN.summary();
await plots.history(historyBN, { title: "LeNet-5 con BatchNorm" });
const [testLoss, testAccuracy] = await modeloBN.evaluate(xTest, yTest, {
  verbose: 0,
});
console.log(
  `test loss ${testLoss.toFixed(4)}  test accuracy ${testAccuracy.toFixed(4)}`,
);
