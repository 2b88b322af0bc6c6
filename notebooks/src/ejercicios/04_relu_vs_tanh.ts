// %% [markdown] id="titulo"
// # Ejercicio 4 · De tanh a ReLU
//
// El tutorial recuerda que `tanh` y `sigmoid` se saturan: para entradas muy
// grandes o muy pequeñas su derivada es casi cero y el gradiente apenas llega a
// las primeras capas. Hoy casi todas las redes usan `ReLU` en las capas ocultas.
//
// 1. Escribe `lenetRelu()`: el mismo LeNet-5, pero con `activation: "relu"` en
//    **las capas ocultas** (C1, C3, C5 y F6). La salida sigue siendo softmax.
// 2. Entrena las dos versiones con los mismos datos y la misma receta.
// 3. Mira las curvas y di cuál termina con mayor _accuracy_ de validación.

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

// %% [markdown] id="tanh-texto"
// ## El LeNet-5 del tutorial (tanh)

// %% id="tanh" shows="display"
import {
  AvgPool2D,
  Conv2D,
  Dense,
  Flatten,
  MaxPool2D,
  optimizers,
  Sequential,
  setRandomSeed,
} from "cnn/mod.ts";

function lenetTanh(): Sequential {
  const model = new Sequential({ name: "LeNet-5-tanh" });
  model.add(
    Conv2D(6, {
      kernelSize: [5, 5],
      activation: "tanh",
      padding: "same",
      name: "C1",
    }),
  );
  model.add(MaxPool2D({ poolSize: [2, 2], name: "S2" }));
  model.add(Conv2D(16, { kernelSize: [5, 5], activation: "tanh", name: "C3" }));
  model.add(AvgPool2D({ poolSize: [2, 2], name: "S4" }));
  model.add(
    Conv2D(120, { kernelSize: [5, 5], activation: "tanh", name: "C5" }),
  );
  model.add(Flatten());
  model.add(Dense(84, { activation: "tanh", name: "F6" }));
  model.add(Dense(10, { activation: "softmax" }));
  return model;
}

/** Compiles and trains with the tutorial's recipe, always from the same seed. */
async function entrenar(model: Sequential) {
  model.compile({
    optimizer: optimizers.SGD({ learningRate: 0.1 }),
    loss: "sparse_categorical_crossentropy",
    metrics: ["accuracy"],
  });
  return await model.fit(xTrain, yTrain, {
    epochs: 5,
    batchSize: 256,
    validationData: [xVal, yVal],
  });
}

setRandomSeed(42);
const modeloTanh = lenetTanh();
const historyTanh = await entrenar(modeloTanh);

// %% [markdown] id="respuesta-texto"
// ## Tu versión con ReLU

// %% id="respuesta"
function lenetRelu(): Sequential {
  // ### BEGIN SOLUTION
  const model = new Sequential({ name: "LeNet-5-relu" });
  model.add(
    Conv2D(6, {
      kernelSize: [5, 5],
      activation: "relu",
      padding: "same",
      name: "C1",
    }),
  );
  model.add(MaxPool2D({ poolSize: [2, 2], name: "S2" }));
  model.add(Conv2D(16, { kernelSize: [5, 5], activation: "relu", name: "C3" }));
  model.add(AvgPool2D({ poolSize: [2, 2], name: "S4" }));
  model.add(
    Conv2D(120, { kernelSize: [5, 5], activation: "relu", name: "C5" }),
  );
  model.add(Flatten());
  model.add(Dense(84, { activation: "relu", name: "F6" }));
  model.add(Dense(10, { activation: "softmax" }));
  // ### STUB
  // // TODO: cambia la activación de las capas ocultas (C1, C3, C5 y F6) a "relu".
  // const model = lenetTanh();
  // ### END SOLUTION
  return model;
}

// %% id="entrenar-relu" shows="display"
setRandomSeed(42);
const modeloRelu = lenetRelu();
const historyRelu = await entrenar(modeloRelu);

// %% [markdown] id="curvas-texto"
// ## Las curvas
//
// Fíjate en la última `val_accuracy` de cada modelo. (También mostramos la
// _accuracy_ en test, que no se usa para decidir.)

// %% id="curvas" shows="text figure*2"
import { plots } from "cnn/mod.ts";

await plots.history(historyTanh, { title: "LeNet-5 con tanh" });
await plots.history(historyRelu, { title: "LeNet-5 con ReLU" });
const pares = [
  ["tanh", modeloTanh, historyTanh],
  ["relu", modeloRelu, historyRelu],
] as const;
for (const [nombre, modelo, hist] of pares) {
  const val = hist.history.val_accuracy;
  const [, testAccuracy] = await modelo.evaluate(xTest, yTest, { verbose: 0 });
  console.log(
    `${nombre}: val_accuracy final ${val[val.length - 1].toFixed(4)}, ` +
      `test accuracy ${testAccuracy.toFixed(4)}`,
  );
}

// %% [markdown] id="respuesta-mejor-texto"
// ## ¿Cuál aprende mejor?
//
// Escribe `"tanh"` o `"relu"` según lo que muestren **tus** curvas.

// %% id="respuesta-mejor"
// ### BEGIN SOLUTION
const valTanh = historyTanh.history.val_accuracy;
const valRelu = historyRelu.history.val_accuracy;
const mejor: "tanh" | "relu" | undefined =
  valRelu[valRelu.length - 1] >= valTanh[valTanh.length - 1] ? "relu" : "tanh";
// ### STUB
// const mejor: "tanh" | "relu" | undefined = undefined; // TODO: "tanh" o "relu"
// ### END SOLUTION

// %% id="comprobar" shows="display"
await exercises.reluLenet({
  model: modeloRelu,
  historyTanh,
  historyRelu,
  better: mejor,
});
