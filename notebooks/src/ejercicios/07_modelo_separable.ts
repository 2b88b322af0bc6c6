// %% [markdown] id="titulo"
// # Ejercicio 7 · Un modelo separable pequeño
//
// Abajo tienes una red convolucional sencilla para MNIST. Escribe una versión
// **separable** que:
//
// - no use ninguna `Conv2D` estándar con kernel mayor que 1×1 (la parte espacial
//   la hacen `SeparableConv2D` o `DepthwiseConv2D` + `Conv2D` 1×1);
// - tenga **menos de 10.000 parámetros**;
// - y, entrenada, alcance en test una _accuracy_ de al menos **0,95** (**0,75** en
//   modo rápido, `CNN_QUICK=1`, que entrena una sola época con 2.048 imágenes).

// %% [markdown] id="datos-texto"
// ## Datos

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

// %% [markdown] id="referencia-texto"
// ## La red de partida
//
// Dos convoluciones 3×3 con pooling y una capa densa de salida.

// %% id="referencia" shows="display"
import { Conv2D, Dense, Flatten, MaxPool2D, Sequential } from "cnn/mod.ts";

function modeloConv(): Sequential {
  const model = new Sequential({ name: "conv" });
  model.add(Conv2D(16, { kernelSize: [3, 3], activation: "relu" }));
  model.add(MaxPool2D({ poolSize: [2, 2] }));
  model.add(Conv2D(32, { kernelSize: [3, 3], activation: "relu" }));
  model.add(MaxPool2D({ poolSize: [2, 2] }));
  model.add(Flatten());
  model.add(Dense(10, { activation: "softmax" }));
  return model;
}

const referencia = modeloConv();
referencia.build([null, 28, 28, 1]);
await referencia.summary();

// %% [markdown] id="respuesta-texto"
// ## Tu versión separable

// %% id="respuesta"
// ### BEGIN SOLUTION
import { SeparableConv2D } from "cnn/mod.ts";
// ### STUB
// ### END SOLUTION

function modeloSeparable(): Sequential {
  // ### BEGIN SOLUTION
  const model = new Sequential({ name: "separable" });
  model.add(SeparableConv2D(16, { kernelSize: [3, 3], activation: "relu" }));
  model.add(MaxPool2D({ poolSize: [2, 2] }));
  model.add(SeparableConv2D(32, { kernelSize: [3, 3], activation: "relu" }));
  model.add(MaxPool2D({ poolSize: [2, 2] }));
  model.add(Flatten());
  model.add(Dense(10, { activation: "softmax" }));
  return model;
  // ### STUB
  // // TODO: escribe aquí tu versión separable (por ejemplo con
  // // `SeparableConv2D`, que se importa de "cnn/mod.ts"). De momento devuelve
  // // la red de partida.
  // return modeloConv();
  // ### END SOLUTION
}

// %% [markdown] id="entrenar-texto"
// ## Entrenamiento
//
// Adam con tasa 0.01 y lotes de 32, dos épocas: las redes pequeñas agradecen más
// pasos que la receta del tutorial.

// %% id="entrenar" shows="display"
import { optimizers, setRandomSeed } from "cnn/mod.ts";

setRandomSeed(42);
const separable = modeloSeparable();
separable.compile({
  optimizer: optimizers.Adam({ learningRate: 0.01 }),
  loss: "sparse_categorical_crossentropy",
  metrics: ["accuracy"],
});
await separable.fit(xTrain, yTrain, {
  epochs: 2,
  batchSize: 32,
  validationData: [xVal, yVal],
});
await separable.summary();

// %% id="comprobar" shows="display"
await exercises.separableModel(separable, xTest, yTest);
