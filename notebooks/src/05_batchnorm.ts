// %% [markdown] id="titulo"
// # Diseño de CNNs · 4. Batch Normalization
//
// La normalización por lotes no es una arquitectura sino una capa que se
// intercala entre otras. En este cuaderno escribimos el bloque clásico
// convolución → BatchNorm → ReLU y, yendo un poco más allá del tutorial,
// medimos qué efecto tiene sobre LeNet.

// %% [markdown] id="datos-texto"
// ## Datos
//
// Preparamos MNIST igual que en el cuaderno *0. Los datos*.
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

// %% [markdown] id="batchnorm"
// ## 4. Batch Normalization
//
// Ioffe y Szegedy (2015, [artículo](https://arxiv.org/abs/1502.03167))
// partieron de una observación: mientras la red aprende, los pesos de cada
// capa cambian y con ellos la distribución de los valores que recibe la capa
// siguiente. Cada capa persigue así un objetivo que se mueve, lo que obliga a
// usar tasas de aprendizaje pequeñas, a inicializar con mucho cuidado y hace
// especialmente difícil entrenar con activaciones que se saturan, como `tanh`.
// Llamaron a este fenómeno *internal covariate shift*.
//
// Su propuesta: **normalizar las entradas de las capas** dentro de la propia
// red. Durante el entrenamiento, BatchNorm resta la media y divide por la
// desviación típica de cada canal calculadas sobre el lote, y después aplica
// una escala y un desplazamiento que sí se aprenden (`gamma` y `beta`).
// También mantiene medias móviles de esas estadísticas para usarlas al
// predecir; esas medias no se entrenan por gradiente, y por eso aparecen como
// *Non-trainable params* en el resumen.
//
// En la práctica, las redes con BatchNorm convergen antes y suelen llegar más
// lejos; hoy casi todas las CNN usan alguna forma de normalización.
//
// El bloque clásico encadena una convolución sin sesgo (la `beta` de BatchNorm
// ya hace ese papel), la normalización sobre el eje de los canales (el 3 en
// NHWC) y la activación.
//
// Ojo con la versión en Python del tutorial original: a su `__init__` le
// falta el parámetro `self`, así que ni `super().__init__()` ni las
// asignaciones `self.conv = …` llegarían a funcionar. En TypeScript el papel
// de `self` lo hace `this`, disponible en cuanto se llama a `super()`.

// %% id="convblock"
import { Activation, BatchNormalization, Conv2D, Layer } from "cnn/mod.ts";

class ConvBlock extends Layer {
  conv: Layer;
  bn: Layer;
  activation: Layer;

  constructor(nFilters: number, kernelSize: [number, number]) {
    super();

    this.conv = Conv2D(nFilters, { kernelSize: kernelSize, useBias: false });
    this.bn = BatchNormalization({ axis: 3 });
    this.activation = Activation("relu");
  }

  override call(inputs: tf.Tensor) {
    return this.activation.apply(
      this.bn.apply(this.conv.apply(inputs)),
    );
  }
}

// %% [markdown] id="convblock-prueba"
// Lo probamos dentro de un modelo secuencial. Con 32 filtros de 3 × 3 sobre
// una imagen de un canal, la convolución tiene 3 · 3 · 1 · 32 = 288 pesos y
// BatchNorm 4 · 32 = 128 valores: 64 entrenables (`gamma`, `beta`) y 64 no
// entrenables (las medias y varianzas móviles).

// %% id="convblock-uso" shows="display"
import { Sequential } from "cnn/mod.ts";

const blockDemo = new Sequential({ name: "ConvBlock demo" });
blockDemo.add(new ConvBlock(32, [3, 3]));
blockDemo.build([null, ...inputShape]);
await blockDemo.summary();

// %% [markdown] id="comparacion"
// ### Más allá del tutorial: LeNet con y sin BatchNorm
//
// Para ver el efecto con nuestros propios ojos entrenamos dos LeNet-5
// idénticas salvo en un detalle: la segunda normaliza la salida de cada
// convolución antes de la `tanh` (y por eso esas convoluciones van sin
// sesgo). Volvemos a llamar a `setRandomSeed` antes de crear cada modelo,
// para que las dos partan de la misma semilla, y pasamos la misma `seed` a
// `fit`, para que las dos vean los lotes en el mismo orden. Así el experimento da lo
// mismo cada vez que se ejecuta en la misma máquina.

// %% id="lenet-funcion"
import { AvgPool2D, Dense, Flatten, MaxPool2D } from "cnn/mod.ts";

function makeLenet(withBatchNorm: boolean) {
  const model = new Sequential({
    name: withBatchNorm ? "LeNet-5-BN" : "LeNet-5",
  });
  const convTanh = (
    filters: number,
    name: string,
    padding: "same" | "valid",
  ) => {
    if (withBatchNorm) {
      model.add(
        Conv2D(filters, { kernelSize: [5, 5], padding, useBias: false, name }),
      );
      model.add(BatchNormalization({ axis: 3 }));
      model.add(Activation("tanh"));
    } else {
      model.add(
        Conv2D(filters, {
          kernelSize: [5, 5],
          activation: "tanh",
          padding,
          name,
        }),
      );
    }
  };

  convTanh(6, "C1", "same");
  model.add(MaxPool2D({ poolSize: [2, 2], name: "S2" }));
  convTanh(16, "C3", "valid");
  model.add(AvgPool2D({ poolSize: [2, 2], name: "S4" }));
  convTanh(120, "C5", "valid");
  model.add(Flatten());
  model.add(Dense(84, { activation: "tanh", name: "F6" }));
  model.add(Dense(10, { activation: "softmax" }));
  return model;
}

// %% [markdown] id="entrenar-texto"
// Misma receta que en el capítulo de LeNet: 5 épocas, lotes de 256 y SGD con
// tasa de aprendizaje 0.1.

// %% id="entrenar-sin-bn" shows="display"
import { optimizers } from "cnn/mod.ts";

const nEpochs = 5;
const batchSize = 256;

setRandomSeed(42);
const lenetPlain = makeLenet(false);
lenetPlain.compile({
  optimizer: optimizers.SGD({ learningRate: 0.1 }),
  loss: "sparse_categorical_crossentropy",
  metrics: ["accuracy"],
});
const historyPlain = await lenetPlain.fit(xTrain, yTrain, {
  epochs: nEpochs,
  batchSize: batchSize,
  validationData: [xVal, yVal],
  seed: 42,
});

// %% id="entrenar-con-bn" shows="display"
setRandomSeed(42);
const lenetBn = makeLenet(true);
lenetBn.build([null, ...inputShape]);
await lenetBn.summary();
lenetBn.compile({
  optimizer: optimizers.SGD({ learningRate: 0.1 }),
  loss: "sparse_categorical_crossentropy",
  metrics: ["accuracy"],
});
const historyBn = await lenetBn.fit(xTrain, yTrain, {
  epochs: nEpochs,
  batchSize: batchSize,
  validationData: [xVal, yVal],
  seed: 42,
});

// %% [markdown] id="curvas-texto"
// Las curvas de las dos redes, época a época: pérdida y *accuracy* en
// entrenamiento y en validación. Debajo, la *accuracy* de validación de las
// dos, época a época, para compararlas de un vistazo.

// %% id="curvas" shows="text figure*2"
import { plots } from "cnn/mod.ts";

await plots.history(historyPlain, { title: "LeNet-5 (sin BatchNorm)" });
await plots.history(historyBn, { title: "LeNet-5 con BatchNorm" });

console.log("época   val_accuracy sin BN   val_accuracy con BN");
historyPlain.epoch.forEach((epoch, i) => {
  const plain = historyPlain.history.val_accuracy[i].toFixed(4);
  const withBn = historyBn.history.val_accuracy[i].toFixed(4);
  console.log(
    `${String(epoch + 1).padStart(5)}   ${plain.padStart(19)}   ${
      withBn.padStart(19)
    }`,
  );
});

// %% id="evaluar" shows="text"
for (const model of [lenetPlain, lenetBn]) {
  const [loss, accuracy] = await model.evaluate(xTest, yTest, { verbose: 0 });
  console.log(
    `${model.name.padEnd(10)}  test loss ${loss.toFixed(4)}  test accuracy ${
      accuracy.toFixed(4)
    }`,
  );
}

// %% [markdown] id="conclusion"
// ¿Cuál aprende más deprisa en las primeras épocas? ¿Se separan mucho al
// final? Prueba a subir la tasa de aprendizaje (por ejemplo a 0.5) en las dos:
// la versión con BatchNorm suele tolerar mejor pasos grandes.
//
// Un detalle al comparar: para validar y predecir, BatchNorm usa sus medias
// móviles, que se actualizan despacio (`momentum` 0.99: cada lote aporta un
// 1 %). Tras muy pocos pasos de entrenamiento, como en el modo rápido
// (`CNN_QUICK=1`), todavía no reflejan los datos y la validación de la
// versión con BatchNorm puede salir peor que su entrenamiento.
