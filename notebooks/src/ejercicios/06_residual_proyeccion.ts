// %% [markdown] id="titulo"
// # Ejercicio 6 · Bloque residual con proyección
//
// El `ResidualBlock` del tutorial suma la entrada a la salida de sus dos
// convoluciones: `relu(conv2(conv1(x)) + x)`. La suma solo es posible si `x` ya
// tiene `nFilters` canales. Cuando el bloque cambia el número de canales (por
// ejemplo, de 16 a 32), ResNet usa un **atajo con proyección**: una `Conv2D` 1×1
// con `nFilters` filtros que lleva `x` a la forma correcta.
//
// Modifica el bloque para que:
//
// - si `inputs.shape[3] === nFilters`, el atajo sea la identidad (como ahora);
// - si no, el atajo sea `Conv2D(nFilters, { kernelSize: [1, 1] })` aplicada a la
//   entrada.
//
// Crea la capa de proyección en el constructor: si no llega a usarse, no se
// construye y no suma parámetros.

// %% id="importar" shows="text? display?"
import type * as tf from "@tensorflow/tfjs";
import { Activation, Add, Conv2D, exercises, Layer } from "cnn/mod.ts";

// %% id="respuesta"
class ResidualBlockProj extends Layer {
  nFilters: number;
  conv1: Layer;
  conv2: Layer;
  // ### BEGIN SOLUTION
  projection: Layer;
  // ### STUB
  // ### END SOLUTION
  add: Layer;
  lastRelu: Layer;

  constructor(nFilters: number) {
    super({ name: "ResidualBlockProj" });
    this.nFilters = nFilters;
    this.conv1 = Conv2D(nFilters, {
      kernelSize: [3, 3],
      activation: "relu",
      padding: "same",
    });
    this.conv2 = Conv2D(nFilters, { kernelSize: [3, 3], padding: "same" });
    // ### BEGIN SOLUTION
    this.projection = Conv2D(nFilters, { kernelSize: [1, 1] });
    // ### STUB
    // // TODO: crea aquí la proyección 1×1 (`this.projection`).
    // ### END SOLUTION
    this.add = Add();
    this.lastRelu = Activation("relu");
  }

  override call(inputs: tf.Tensor): tf.Tensor {
    const x = this.conv2.apply(this.conv1.apply(inputs));
    // ### BEGIN SOLUTION
    const shortcut = inputs.shape[3] === this.nFilters
      ? inputs
      : this.projection.apply(inputs);
    return this.lastRelu.apply(this.add.apply([x, shortcut]));
    // ### STUB
    // // TODO: si `inputs` no tiene `nFilters` canales, suma su proyección.
    // return this.lastRelu.apply(this.add.apply([x, inputs]));
    // ### END SOLUTION
  }
}

// %% [markdown] id="comprobar-texto"
// La comprobación aplica el bloque (con `nFilters = 32`) a entradas de 16 y de 32
// canales, cuenta sus parámetros en los dos casos y verifica que la salida sea
// `relu(conv2(conv1(x)) + atajo(x))`.

// %% id="comprobar" shows="display"
await exercises.residualProjection(ResidualBlockProj);

// %% [markdown] id="solucion-modelo-texto" solution
// ## Un mini-ResNet que cambia de canales
//
// Con la proyección ya podemos encadenar bloques de anchura distinta. La primera
// convolución produce 16 canales y el bloque los lleva a 32.

// %% id="solucion-modelo" shows="display" solution
import { Dense, Flatten, Sequential } from "cnn/mod.ts";

const miniResNet = new Sequential({
  name: "mini_resnet_proyeccion",
  layers: [
    Conv2D(16, { kernelSize: [5, 5], padding: "same" }),
    new ResidualBlockProj(32),
    Flatten(),
    Dense(10, { activation: "softmax" }),
  ],
});
miniResNet.build([null, 28, 28, 1]);
await miniResNet.summary();
