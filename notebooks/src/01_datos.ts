// %% [markdown] id="titulo"
// # Diseño de CNNs · 0. Los datos
//
// A lo largo de estos cuadernos vamos a diseñar redes convolucionales
// (ConvNets) propias y a repasar varias ideas que aparecen en arquitecturas
// conocidas: LeNet, Inception, ResNet, la normalización por lotes y las
// convoluciones separables.
//
// Por el camino usaremos las tres formas que tiene Keras de describir un
// modelo, escritas aquí en TypeScript sobre TensorFlow.js:
//
// - **Secuencial**: una lista de capas que se aplican una tras otra.
// - **Funcional**: las capas se aplican a tensores simbólicos, lo que permite
//   ramas que se separan y se vuelven a unir.
// - **Orientada a objetos**: clases que heredan de `Layer` o de `Model` y
//   describen el cálculo en su método `call()`.
//
// Cada capítulo es un cuaderno independiente que prepara sus propios datos;
// en este primero miramos esos datos con calma.

// %% [markdown] id="dataset"
// ## Dataset
//
// Trabajamos con MNIST: imágenes en escala de grises de 28 × 28 píxeles con
// dígitos escritos a mano. `datasets.mnist.loadData()` las entrega igual que
// Keras, ya separadas en 60 000 de entrenamiento y 10 000 de test, con valores
// enteros entre 0 y 255.
//
// Antes de dárselas a una red convolucional hacemos tres cosas:
//
// 1. Añadir el eje del canal: las capas esperan tensores con forma
//    `[lote, alto, ancho, canales]` (formato NHWC) y aquí solo hay un canal.
// 2. Convertir a `float32` y dividir entre 255 para que los píxeles queden en
//    el intervalo [0, 1].
// 3. Apartar 10 000 imágenes de entrenamiento para validación. `trainTestSplit`
//    baraja igual que `train_test_split` de scikit-learn con la misma semilla,
//    así que obtenemos exactamente la misma partición que el tutorial original.
//
// En JavaScript la memoria de los tensores no la libera un recolector de
// basura: `tf.tidy` descarta los intermedios y `tf.dispose` los que ya no
// necesitamos.
//
// Antes de nada fijamos la semilla con `setRandomSeed(42)` (como
// `keras.utils.set_random_seed`): aquí aún no entrenamos, pero en los
// capítulos siguientes hace que cada ejecución parta de los mismos pesos
// iniciales y recorra los lotes en el mismo orden, de modo que los resultados
// son reproducibles y un entrenamiento no se estropea por mala suerte; para
// probar otra inicialización basta con cambiar el 42 por otro número.

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

// %% [markdown] id="primer-digito"
// Veamos la primera imagen del conjunto de entrenamiento. Quitamos el eje del
// canal para tener una matriz de 28 × 28 y usamos su etiqueta como título.

// %% id="imshow" shows="value figure[8]"
import { plots } from "cnn/mod.ts";

const firstImage = tf.tidy(() => xTrain.slice(0, 1).squeeze([0, 3]));
const firstLabel = (await yTrain.data())[0];
await plots.imshow(firstImage, { title: String(firstLabel) });

// %% [markdown] id="etiquetas-texto"
// ¿Qué etiquetas aparecen en el entrenamiento? Deberían ser los diez dígitos.

// %% id="etiquetas" shows="text"
const labels = [...new Set(await yTrain.data())].sort((a, b) => a - b);

console.log(`[${labels.join(" ")}] unique labels.`);

// %% [markdown] id="rejilla-texto"
// Para hacernos una idea de la variedad de trazos, una rejilla con las
// primeras imágenes de entrenamiento y su etiqueta encima de cada una.

// %% id="rejilla" shows="value figure"
await plots.digitGrid(xTrain, yTrain, { n: 24, cols: 8 });

// %% [markdown] id="siguiente"
// En el siguiente cuaderno, **1. LeNet**, usamos estos mismos datos para
// entrenar nuestra primera red convolucional.
