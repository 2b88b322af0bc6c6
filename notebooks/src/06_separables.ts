// %% [markdown] id="titulo"
// # Diseño de CNNs · 5. Convoluciones separables
//
// Las CNN profundas acumulan muchos parámetros. Las convoluciones separables
// (popularizadas por Xception y MobileNets,
// [artículo](https://arxiv.org/abs/1704.04861)) consiguen un efecto parecido
// al de una convolución normal con muchos menos pesos y muy poca pérdida de
// precisión. Contamos parámetros a mano y con `summary()`, y terminamos con
// una versión separable del módulo Inception.

// %% [markdown] id="datos-texto"
// ## Datos
//
// Preparamos MNIST igual que en el cuaderno *0. Los datos*; `inputShape` es la
// forma de una imagen, `[28, 28, 1]`.
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

// %% [markdown] id="separables"
// ## 5. Convoluciones separables
//
// Una convolución normal con `k × k` de núcleo, `c` canales de entrada y `f`
// filtros tiene `k · k · c · f` pesos (más `f` sesgos): cada filtro mira a la
// vez una ventana espacial y **todos** los canales. Es mucho menos que una
// capa densa sobre la misma imagen, pero crece deprisa con los canales.

// %% id="conv-modelo"
import { Conv2D, Sequential } from "cnn/mod.ts";

const convModel = new Sequential({ name: "Conv Model" });
convModel.add(Conv2D(8, { kernelSize: [3, 3], useBias: false }));

// %% [markdown] id="conv-pregunta"
// ¿Cuántos parámetros tiene? Con un núcleo de 3 × 3, un canal de entrada y 8
// filtros sin sesgo: 3 · 3 · 1 · 8 = 72.

// %% id="conv-resumen" shows="display"
convModel.build([null, ...inputShape]);
await convModel.summary();

// %% [markdown] id="depthwise-pointwise"
// Una convolución separable reparte ese trabajo en dos pasos:
//
// - **Convolución *depthwise*** (en profundidad): un único núcleo de `k × k`
//   por cada canal de entrada, que se aplica solo a su canal. Mezcla
//   información espacial, pero cada canal va por su lado: `k · k · c` pesos.
// - **Convolución *pointwise*** (punto a punto): una convolución normal de
//   1 × 1. No mira a los vecinos, solo combina los canales de cada píxel:
//   `c · f` pesos.
//
// En total `k · k · c + c · f` en lugar de `k · k · c · f`.

// %% id="separable-modelo"
import { DepthwiseConv2D } from "cnn/mod.ts";

const separableModel = new Sequential({ name: "Separable Model" });
separableModel.add(DepthwiseConv2D({ kernelSize: [3, 3], useBias: false }));
separableModel.add(Conv2D(8, { kernelSize: [1, 1], useBias: false }));

// %% [markdown] id="separable-pregunta"
// ¿Cuántos parámetros tienen la convolución depthwise y la pointwise? La
// primera, 3 · 3 · 1 = 9; la segunda, 1 · 1 · 1 · 8 = 8.

// %% id="separable-resumen" shows="display"
separableModel.build([null, ...inputShape]);
await separableModel.summary();

// %% [markdown] id="cuentas"
// Con un solo canal de entrada el ahorro (72 frente a 17) es modesto. Con más
// canales y filtros crece mucho: la convolución normal tiene `c · (k · k · f)`
// pesos y la separable `c · (k · k + f)`; donde una multiplica, la otra suma.
// Por ejemplo, para 3 × 3 con 64 canales de entrada y 128 filtros:

// %% id="cuentas-codigo" shows="text"
const k = 3;
const c = 64;
const f = 128;
console.log(`estándar:   ${k * k * c * f} pesos`);
console.log(`separable:  ${k * k * c + c * f} pesos`);

// %% [markdown] id="inception-separable"
// ### Más allá del tutorial: un módulo Inception separable
//
// En el capítulo de Inception, las ramas de 3 × 3 y 5 × 5 son las que más
// pesan. Reescribimos el módulo con `SeparableConv2D`, que encadena en una
// sola capa la depthwise y la pointwise (con sesgo y activación al final), y
// comparamos los parámetros de los dos módulos sobre la misma entrada: el
// tensor de 28 × 28 × 16 que sale de la primera convolución de mini-Inception.

// %% id="capas-inception"
import {
  Concatenate,
  Input,
  MaxPool2D,
  Model,
  SeparableConv2D,
} from "cnn/mod.ts";
import type { KerasTensor } from "cnn/mod.ts";

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
  return Concatenate({ axis: -1 }).apply(
    [branch1x1, branch5x5, branch3x3, branchPool],
  );
}

function separableInceptionLayer(tensor: KerasTensor, nFilters: number) {
  const branch1x1 = Conv2D(nFilters, {
    kernelSize: [1, 1],
    activation: "relu",
    padding: "same",
  }).apply(tensor);
  const branch5x5 = SeparableConv2D(nFilters, {
    kernelSize: [5, 5],
    activation: "relu",
    padding: "same",
  }).apply(tensor);
  const branch3x3 = SeparableConv2D(nFilters, {
    kernelSize: [3, 3],
    activation: "relu",
    padding: "same",
  }).apply(tensor);
  const branchPool = MaxPool2D({
    poolSize: [3, 3],
    strides: [1, 1],
    padding: "same",
  }).apply(tensor);
  return Concatenate({ axis: -1 }).apply(
    [branch1x1, branch5x5, branch3x3, branchPool],
  );
}

// %% id="comparar-modulos" shows="text display"
const moduleInput = Input({ shape: [h, w, 16] });
const standardModule = new Model({
  inputs: moduleInput,
  outputs: inceptionLayer(moduleInput, 32),
  name: "inception_module",
});
const separableModule = new Model({
  inputs: moduleInput,
  outputs: separableInceptionLayer(moduleInput, 32),
  name: "separable_inception_module",
});

await standardModule.summary();
await separableModule.summary();

const standardParams = standardModule.countParams();
const separableParams = separableModule.countParams();
console.log(
  `${standardParams} → ${separableParams} parámetros: ` +
    `${(standardParams / separableParams).toFixed(1)} veces menos.`,
);

// %% [markdown] id="mini-texto"
// ¿Y la precisión? Entrenamos la mini-Inception del capítulo 2 con el módulo
// separable, con la misma receta (5 épocas, lotes de 256, SGD 0.1). Ojo: en
// este modelo casi todos los parámetros están en la capa densa final, que no
// cambia; el ahorro que medimos arriba es el del módulo convolucional.

// %% id="mini-separable" shows="display"
import { Dense, Flatten, optimizers } from "cnn/mod.ts";

const inputTensor = Input({ shape: inputShape });
const stem = Conv2D(16, { kernelSize: [5, 5], padding: "same" }).apply(
  inputTensor,
);
const mixed = separableInceptionLayer(stem, 32);
const flat = Flatten().apply(mixed);
const outputTensor = Dense(10, { activation: "softmax" }).apply(flat);

const separableInception = new Model({
  inputs: inputTensor,
  outputs: outputTensor,
  name: "separable_mini_inception",
});
await separableInception.summary();

// %% id="mini-entrenar" shows="display value"
const nEpochs = 5;
const batchSize = 256;

separableInception.compile({
  optimizer: optimizers.SGD({ learningRate: 0.1 }),
  loss: "sparse_categorical_crossentropy",
  metrics: ["accuracy"],
});

await separableInception.fit(xTrain, yTrain, {
  epochs: nEpochs,
  batchSize: batchSize,
  validationData: [xVal, yVal],
});

await separableInception.evaluate(xTest, yTest, { verbose: 0 });

// %% [markdown] id="conclusion"
// Compara esta *accuracy* con la de la mini-Inception estándar del cuaderno
// *2. Inception*: el módulo separable usa muchos menos pesos en sus
// convoluciones y la diferencia de precisión debería ser pequeña.
