// %% [markdown] id="titulo"
// # Diseño de CNNs · 1. LeNet
//
// Primera arquitectura del curso: LeNet-5, la red con la que Yann LeCun y sus
// colaboradores leían dígitos manuscritos en 1998 ([artículo](http://yann.lecun.com/exdb/publis/pdf/lecun-98.pdf)).
// La definimos con la API **secuencial**: una capa detrás de otra.

// %% [markdown] id="datos-texto"
// ## Datos
//
// Preparamos MNIST igual que en el cuaderno *0. Los datos*: imágenes NHWC en
// `float32` entre 0 y 1, y 10 000 imágenes de entrenamiento apartadas para
// validación.
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

// %% [markdown] id="lenet"
// ## 1. LeNet
//
// LeNet-5 alterna convoluciones y submuestreos y termina con capas densas:
//
// | capa | qué hace |
// |------|----------|
// | C1 | 6 filtros de 5 × 5 (con *padding* para conservar los 28 × 28) |
// | S2 | *max pooling* 2 × 2: reduce a 14 × 14 |
// | C3 | 16 filtros de 5 × 5: 10 × 10 |
// | S4 | *average pooling* 2 × 2: 5 × 5 |
// | C5 | 120 filtros de 5 × 5: un único píxel con 120 canales |
// | F6 | 84 neuronas densas |
// | salida | 10 neuronas con *softmax*, una por dígito |
//
// Con la API secuencial creamos el modelo vacío y le vamos añadiendo capas.
// Ninguna capa conoce todavía el tamaño de su entrada, así que el resumen
// muestra formas `?` y parámetros `0 (unbuilt)`: los pesos se crean la
// primera vez que el modelo ve datos.

// %% id="lenet-modelo" shows="display"
import {
  AvgPool2D,
  Conv2D,
  Dense,
  Flatten,
  MaxPool2D,
  optimizers,
  Sequential,
} from "cnn/mod.ts";

const lenet = new Sequential({ name: "LeNet-5" });

lenet.add(
  Conv2D(6, {
    kernelSize: [5, 5],
    activation: "tanh",
    padding: "same",
    name: "C1",
  }),
);
lenet.add(MaxPool2D({ poolSize: [2, 2], name: "S2" }));
lenet.add(Conv2D(16, { kernelSize: [5, 5], activation: "tanh", name: "C3" }));
lenet.add(AvgPool2D({ poolSize: [2, 2], name: "S4" }));
lenet.add(Conv2D(120, { kernelSize: [5, 5], activation: "tanh", name: "C5" }));
lenet.add(Flatten());
lenet.add(Dense(84, { activation: "tanh", name: "F6" }));
lenet.add(Dense(10, { activation: "softmax" }));

await lenet.summary();

// %% [markdown] id="entrenar-texto"
// Entrenamos 5 épocas con lotes de 256 imágenes y descenso por gradiente
// estocástico (SGD) con tasa de aprendizaje 0.1. Las etiquetas son enteros del
// 0 al 9, por eso la pérdida es la entropía cruzada *sparse*: no hace falta
// pasarlas a *one-hot*. Al final de cada época se mide el modelo sobre el
// conjunto de validación.
//
// Si quieres parar antes, pulsa ■ (interrumpir el kernel): `fit` termina el lote
// en curso y se detiene con un error `KeyboardInterrupt`, como en Python. El
// modelo conserva lo aprendido hasta ese lote y puedes volver a llamar a `fit`
// para seguir.

// %% id="lenet-entrenar" shows="display"
const nEpochs = 5;
const batchSize = 256;

lenet.compile({
  optimizer: optimizers.SGD({ learningRate: 0.1 }),
  loss: "sparse_categorical_crossentropy",
  metrics: ["accuracy"],
});

const history = await lenet.fit(xTrain, yTrain, {
  epochs: nEpochs,
  batchSize: batchSize,
  validationData: [xVal, yVal],
});

// %% [markdown] id="evaluar-texto"
// La nota final se mide sobre el conjunto de test, que el modelo no ha visto
// nunca. `evaluate` devuelve `[pérdida, accuracy]`.

// %% id="lenet-evaluar" shows="value"
await lenet.evaluate(xTest, yTest, { verbose: 0 });

// %% [markdown] id="activaciones"
// LeNet nació con activaciones `tanh` o `sigmoid`, que hoy casi no se usan en
// capas ocultas. Las dos se quedan planas cuando la entrada es muy positiva o
// muy negativa: ahí su derivada es prácticamente cero, el gradiente apenas
// llega a las primeras capas y estas aprenden muy despacio.
//
// Por eso la mayoría de redes actuales usan `ReLU` (o alguna variante, como
// *Leaky ReLU* o *GELU*) en las capas ocultas: su derivada vale 1 para toda
// entrada positiva. Puedes probarlo cambiando `"tanh"` por `"relu"` en la
// definición de arriba y volviendo a entrenar.

// %% [markdown] id="analisis"
// ### ¿En qué se equivoca?
//
// Más allá del tutorial: las curvas de entrenamiento, la matriz de confusión
// sobre el conjunto de test (filas: dígito real; columnas: dígito predicho) y
// algunos de los dígitos mal clasificados.

// %% id="curvas" shows="value figure"
import { plots } from "cnn/mod.ts";

await plots.history(history);

// %% id="confusion" shows="display value figure"
const probs = await lenet.predict(xTest, { batchSize });

await plots.confusionMatrix(yTest, probs);

// %% id="errores" shows="value figure"
await plots.misclassified(xTest, yTest, probs, { n: 24 });
