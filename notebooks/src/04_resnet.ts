// %% [markdown] id="titulo"
// # Diseño de CNNs · 3. ResNet
//
// Las redes residuales (He et al., 2015,
// [artículo](https://arxiv.org/abs/1512.03385)) permitieron entrenar redes
// mucho más profundas con un truco sencillo: sumar la entrada de un bloque a
// su salida. Las escribimos con la API **orientada a objetos**: clases que
// heredan de `Layer` y de `Model`.

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

// %% [markdown] id="resnet"
// ## 3. ResNet
//
// El equipo de He comprobó que añadir capas mejoraba los resultados solo hasta
// cierto punto: más allá, una red más profunda llegaba a tener *más* error de
// entrenamiento que otra más corta. Parte del problema es que el gradiente se
// debilita al propagarse hacia atrás por tantas capas, y las primeras apenas
// aprenden.
//
// La solución fue añadir **conexiones de atajo** (*shortcut* o *residuales*):
// la entrada del bloque se suma, sin tocarla, a la salida de sus
// convoluciones. El bloque solo tiene que aprender la *diferencia* respecto a
// la identidad, y el gradiente encuentra por la suma un camino directo hacia
// las capas anteriores.
//
// Empezamos con un ejemplo mínimo de la API orientada a objetos: las capas se
// crean en el constructor y el cálculo se describe en `call()` (marcado con
// `override`, porque sustituye al `call()` de la clase base). A diferencia
// del ejemplo original en Python, aquí la llamada a `super()` es obligatoria:
// TypeScript no deja usar `this` antes de inicializar la clase base.

// %% id="mymodel"
import { Dense, Model } from "cnn/mod.ts";

class MyModel extends Model {
  classifier = Dense(10, { activation: "softmax" });

  constructor() {
    super();
  }

  override call(inputs: tf.Tensor) {
    return this.classifier.apply(inputs);
  }
}

// %% [markdown] id="mymodel-prueba"
// Como cualquier modelo, se construye al recibir su primer lote: para 2
// vectores de 32 valores devuelve 2 distribuciones sobre 10 clases, y a
// partir de ahí su resumen ya conoce formas y parámetros (32 · 10 + 10).

// %% id="mymodel-uso" shows="text display"
const toy = new MyModel();
const toyOutput = tf.tidy(() => toy.apply(tf.ones([2, 32])));
console.log(toyOutput.shape);
toyOutput.dispose();

await toy.summary();

// %% [markdown] id="bloque-texto"
// El bloque residual tiene dos convoluciones de 3 × 3 con el mismo número de
// filtros que canales tiene la entrada (así la suma cuadra), una capa `Add`
// para el atajo y una ReLU final. `MiniResNet` pone delante una convolución
// de 5 × 5 que lleva la imagen a `nFilters` canales, y detrás el clasificador.
// Todas las subcapas que guardamos como propiedades se registran solas: sus
// pesos cuentan en el resumen y se entrenan.

// %% id="resnet-modelo"
import { Activation, Add, Conv2D, Flatten, Layer } from "cnn/mod.ts";

class ResidualBlock extends Layer {
  conv1: Layer;
  conv2: Layer;
  add: Layer;
  lastRelu: Layer;

  constructor(nFilters: number) {
    super({ name: "ResidualBlock" });

    this.conv1 = Conv2D(nFilters, {
      kernelSize: [3, 3],
      activation: "relu",
      padding: "same",
    });
    this.conv2 = Conv2D(nFilters, { kernelSize: [3, 3], padding: "same" });
    this.add = Add();
    this.lastRelu = Activation("relu");
  }

  override call(inputs: tf.Tensor) {
    let x = this.conv1.apply(inputs);
    x = this.conv2.apply(x);

    let y = this.add.apply([x, inputs]);
    y = this.lastRelu.apply(y);

    return y;
  }
}

class MiniResNet extends Model {
  conv: Layer;
  block: Layer;
  flatten: Layer;
  classifier: Layer;

  constructor(nFilters: number) {
    super();

    this.conv = Conv2D(nFilters, { kernelSize: [5, 5], padding: "same" });
    this.block = new ResidualBlock(nFilters);
    this.flatten = Flatten();
    this.classifier = Dense(10, { activation: "softmax" });
  }

  override call(inputs: tf.Tensor) {
    let x = this.conv.apply(inputs);
    x = this.block.apply(x);
    x = this.flatten.apply(x);
    const y = this.classifier.apply(x);

    return y;
  }
}

// %% [markdown] id="resumen-texto"
// Un modelo subclase no sabe qué forma tendrá su entrada hasta que la recibe,
// así que su resumen sale sin construir. Si descomentas la llamada a `build`
// verás las formas y los 270 218 parámetros.

// %% id="resnet-resumen" shows="display"
const miniResnet = new MiniResNet(32);
// miniResnet.build([null, h, w, 1]);
await miniResnet.summary();

// %% [markdown] id="entrenar-texto"
// Misma receta de entrenamiento que en los capítulos anteriores. En la
// ejecución original del tutorial, Keras avisaba de que una de las
// convoluciones del bloque residual no recibía gradiente; aquí todas las
// capas del bloque se entrenan.

// %% id="resnet-entrenar" shows="display value"
import { optimizers } from "cnn/mod.ts";

const nEpochs = 5;
const batchSize = 256;

miniResnet.compile({
  optimizer: optimizers.SGD({ learningRate: 0.1 }),
  loss: "sparse_categorical_crossentropy",
  metrics: ["accuracy"],
});

const history = await miniResnet.fit(xTrain, yTrain, {
  epochs: nEpochs,
  batchSize: batchSize,
  validationData: [xVal, yVal],
});

await miniResnet.evaluate(xTest, yTest, { verbose: 0 });

// %% [markdown] id="analisis"
// ### ¿En qué se equivoca?
//
// Más allá del tutorial: curvas de entrenamiento, matriz de confusión sobre el
// conjunto de test y algunos dígitos mal clasificados.

// %% id="curvas" shows="value figure"
import { plots } from "cnn/mod.ts";

await plots.history(history);

// %% id="confusion" shows="display value figure"
const probs = await miniResnet.predict(xTest, { batchSize });

await plots.confusionMatrix(yTest, probs);

// %% id="errores" shows="value figure"
await plots.misclassified(xTest, yTest, probs, { n: 24 });
