// %% [markdown] id="titulo"
// # Ejercicio 2 · Arreglar el `ConvBlock`
//
// El bloque clásico «convolución → BatchNorm → ReLU» del tutorial tiene un error:
// en Python, su `__init__` olvida el parámetro `self`, así que no funciona. En
// TypeScript el despiste equivalente es crear las capas en el constructor **sin
// guardarlas en `this`**: se crean, nadie las recuerda, y `call()` encuentra
// `this.conv` vacío.
//
// La celda de abajo reproduce ese error. Corrígela para que el bloque:
//
// - guarde en `this.conv` una `Conv2D` con `nFilters` filtros, kernel `kernelSize`
//   y **sin sesgo** (`useBias: false`): la `beta` de BatchNorm ya hace ese papel;
// - guarde en `this.bn` una `BatchNormalization` sobre el eje de los canales
//   (`axis: 3`);
// - guarde en `this.activation` una `Activation("relu")`;
// - y en `call()` devuelva `relu(bn(conv(x)))`.

// %% id="importar" shows="text? display?"
import type * as tf from "@tensorflow/tfjs";
import {
  Activation,
  BatchNormalization,
  Conv2D,
  exercises,
  Layer,
} from "cnn/mod.ts";

// %% id="respuesta"
class ConvBlock extends Layer {
  // ### BEGIN SOLUTION
  conv: Layer;
  bn: Layer;
  activation: Layer;
  // ### STUB
  // conv!: Layer;
  // bn!: Layer;
  // activation!: Layer;
  // ### END SOLUTION

  constructor(nFilters: number, kernelSize: number) {
    super();
    // ### BEGIN SOLUTION
    this.conv = Conv2D(nFilters, { kernelSize, useBias: false });
    this.bn = BatchNormalization({ axis: 3 });
    this.activation = Activation("relu");
    // ### STUB
    // // TODO: estas tres capas se crean pero no se guardan en `this`, así que
    // // `call()` no las encuentra. Arréglalo (y quita el sesgo de la Conv2D).
    // Conv2D(nFilters, { kernelSize });
    // BatchNormalization({ axis: 3 });
    // Activation("relu");
    // ### END SOLUTION
  }

  override call(inputs: tf.Tensor): tf.Tensor {
    return this.activation.apply(this.bn.apply(this.conv.apply(inputs)));
  }
}

// %% [markdown] id="comprobar-texto"
// La comprobación crea `new ConvBlock(16, 3)`, lo aplica a un lote de mapas
// 12×12×8 y revisa las capas, la forma de salida, los parámetros y el orden de las
// operaciones.

// %% id="comprobar" shows="display"
await exercises.convBlock(ConvBlock);

// %% [markdown] id="solucion-usar-texto" solution
// ## El bloque dentro de un modelo
//
// Como cualquier capa, el bloque se puede apilar. Sus pesos (el kernel de la
// convolución y los cuatro vectores de BatchNorm) aparecen en el resumen; las
// medias y varianzas móviles cuentan como _non-trainable_.

// %% id="solucion-usar" shows="display" solution
import { Dense, Flatten, Sequential } from "cnn/mod.ts";

const modelo = new Sequential({
  name: "con_convblock",
  layers: [
    new ConvBlock(16, 3),
    new ConvBlock(32, 3),
    Flatten(),
    Dense(10, { activation: "softmax" }),
  ],
});
modelo.build([null, 28, 28, 1]);
await modelo.summary();
