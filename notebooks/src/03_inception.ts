// %% [markdown] id="titulo"
// # Diseño de CNNs · 2. Inception
//
// La familia Inception (Szegedy et al., 2014,
// [artículo](https://arxiv.org/abs/1409.4842)) no elige un único tamaño de
// filtro por capa: aplica varios en paralelo sobre la misma entrada y junta
// los resultados. Para describir esas ramas necesitamos la API **funcional**.

// %% [markdown] id="datos-texto"
// ## Datos
//
// Preparamos MNIST igual que en el cuaderno *0. Los datos*. Guardamos también
// `inputShape`, la forma de una imagen (`[28, 28, 1]`), porque en la API
// funcional la entrada se declara explícitamente.
//
// Antes de nada fijamos la semilla con `setRandomSeed(42)` (como
// `keras.utils.set_random_seed`): así cada ejecución parte de los mismos pesos
// iniciales y recorre los lotes en el mismo orden, de modo que los resultados
// son reproducibles y un entrenamiento no se estropea (por ejemplo, con una
// pérdida `NaN`) por mala suerte; para probar otra inicialización basta con
// cambiar el 42 por otro número.

// %% id="datos" shows="text? display value"
import * as tf from "@tensorflow/tfjs";
import { datasets, setRandomSeed, trainTestSplit } from "cnn/mod.ts";

setRandomSeed(42);

const [[xTrain0, yTrain0], [xTest0, yTest]] = await datasets.mnist.loadData();
const [h, w] = xTrain0.shape.slice(1);

const xTrainAll = tf.tidy(() =>
  xTrain0.reshape([xTrain0.shape[0], h, w, 1]).cast("float32").div(255)
);
const xTest = tf.tidy(() =>
  xTest0.reshape([xTest0.shape[0], h, w, 1]).cast("float32").div(255)
);
const inputShape = [h, w, 1];
tf.dispose([xTrain0, xTest0]);

const [xTrain, xVal, yTrain, yVal] = trainTestSplit(xTrainAll, yTrain0, {
  testSize: 10000,
  randomState: 42,
});
tf.dispose([xTrainAll, yTrain0]);

[
  [xTrain.shape, yTrain.shape],
  [xVal.shape, yVal.shape],
  [xTest.shape, yTest.shape],
];

// %% [markdown] id="inception"
// ## 2. Inception
//
// Un módulo Inception recibe un tensor y lo pasa a la vez por convoluciones de
// 1 × 1, 3 × 3 y 5 × 5 y por un *max pooling*; las cuatro salidas, que
// conservan el alto y el ancho gracias al *padding* `"same"`, se concatenan a
// lo largo del eje de los canales. Así la red decide durante el entrenamiento
// qué escala le resulta más útil en cada punto.
//
// Primero, un ejemplo mínimo de la API **funcional**: declaramos una entrada
// simbólica, aplicamos capas a tensores (con `.apply`) y, al final, creamos el
// modelo indicando qué tensores son la entrada y la salida.

// %% id="funcional-ejemplo" shows="display"
import { Dense, Input, Model } from "cnn/mod.ts";

const a = Input({ shape: [32] });
const b = Dense(32).apply(a);
const model = new Model({ inputs: a, outputs: b });

await model.summary();

// %% id="inception-imports"
import { Concatenate, Conv2D, Flatten, MaxPool2D } from "cnn/mod.ts";
import type { KerasTensor } from "cnn/mod.ts";

// %% [markdown] id="capa-texto"
// La capa Inception es una simple función: recibe un tensor simbólico y
// devuelve otro. Cada rama tiene `nFilters` filtros; la rama de *pooling*
// conserva los canales de la entrada.

// %% id="inception-capa"
function inceptionLayer(tensor: KerasTensor, nFilters: number) {
  const branch1x1 = Conv2D(nFilters, {
    kernelSize: [1, 1],
    activation: "relu",
    padding: "same",
  }).apply(tensor);
  const branch5x5 = Conv2D(nFilters, {
    kernelSize: [5, 5],
    activation: "relu",
    padding: "same",
  }).apply(tensor);
  const branch3x3 = Conv2D(nFilters, {
    kernelSize: [3, 3],
    activation: "relu",
    padding: "same",
  }).apply(tensor);

  const branchPool = MaxPool2D({
    poolSize: [3, 3],
    strides: [1, 1],
    padding: "same",
  }).apply(tensor);

  const output = Concatenate({ axis: -1 }).apply(
    [branch1x1, branch5x5, branch3x3, branchPool],
  );
  return output;
}

// %% [markdown] id="modelo-texto"
// Nuestra mini-Inception: una convolución de 16 filtros de 5 × 5, un módulo
// Inception con 32 filtros por rama (32 × 3 + 16 = 112 canales de salida), y
// una capa densa con *softmax* para las 10 clases. Donde el original en
// Python reasigna `x` paso a paso, aquí damos a cada tensor intermedio su
// propio nombre (`const`).

// %% id="inception-modelo"
const inputTensor = Input({ shape: inputShape });
const stem = Conv2D(16, { kernelSize: [5, 5], padding: "same" }).apply(
  inputTensor,
);
const mixed = inceptionLayer(stem, 32);
const flat = Flatten().apply(mixed);
const outputTensor = Dense(10, { activation: "softmax" }).apply(flat);

const miniInception = new Model({ inputs: inputTensor, outputs: outputTensor });

// %% [markdown] id="resumen-texto"
// En un modelo funcional cada capa sabe de qué capas recibe datos, así que el
// resumen añade la columna *Connected to*. Fíjate en que casi todos los
// parámetros están en la última capa densa: 87 808 entradas por 10 salidas.

// %% id="inception-resumen" shows="display"
await miniInception.summary();

// %% [markdown] id="entrenar-texto"
// Entrenamos con la misma receta que LeNet: 5 épocas, lotes de 256 y SGD con
// tasa de aprendizaje 0.1.
//
// Con esta receta mini-Inception a veces diverge: en un estudio con 30
// semillas (`deno task study:divergence`, 100 lotes), nuestra biblioteca y
// PyTorch, con los mismos pesos iniciales y los mismos lotes, divergieron con
// exactamente las mismas semillas (7 de 30 en las dos), así que no es un
// fallo de TensorFlow.js sino de la receta: con la semilla 42 de este cuaderno
// converge, y si con otra la pérdida se dispara hasta `NaN`, prueba otra
// semilla o una tasa de aprendizaje menor.

// %% id="inception-entrenar" shows="display"
import { optimizers } from "cnn/mod.ts";

const nEpochs = 5;
const batchSize = 256;

miniInception.compile({
  optimizer: optimizers.SGD({ learningRate: 0.1 }),
  loss: "sparse_categorical_crossentropy",
  metrics: ["accuracy"],
});

const history = await miniInception.fit(xTrain, yTrain, {
  epochs: nEpochs,
  batchSize: batchSize,
  validationData: [xVal, yVal],
});

// %% id="inception-evaluar" shows="value"
await miniInception.evaluate(xTest, yTest, { verbose: 0 });

// %% [markdown] id="analisis"
// ### ¿En qué se equivoca?
//
// Más allá del tutorial: las curvas de entrenamiento y la matriz de confusión
// sobre el conjunto de test. Compárala con la de LeNet: ¿se equivoca en los
// mismos pares de dígitos? ¿Leerías tú bien los que falla?

// %% id="curvas" shows="value figure"
import { plots } from "cnn/mod.ts";

await plots.history(history);

// %% id="confusion" shows="display value figure"
const probs = await miniInception.predict(xTest, { batchSize });

await plots.confusionMatrix(yTest, probs);

// %% id="errores" shows="value figure"
await plots.misclassified(xTest, yTest, probs, { n: 24 });
