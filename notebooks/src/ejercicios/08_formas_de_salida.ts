// %% [markdown] id="titulo"
// # Ejercicio 8 · Predecir formas de salida
//
// Antes de construir un modelo conviene saber qué forma tendrá cada tensor. Mira
// la pila de capas de abajo y, **sin ejecutar `summary()`**, escribe la forma de
// salida de cada capa para imágenes de 28×28×1, empezando por la dimensión del
// lote (`null`, lo que Keras muestra como `None`).
//
// Recuerda:
//
// - con `padding: "valid"` (el valor por defecto) una ventana k×k con paso s da
//   ⌊(n − k) / s⌋ + 1; con `padding: "same"` da ⌈n / s⌉;
// - el pooling usa por defecto un paso igual a su ventana;
// - una `DepthwiseConv2D` conserva el número de canales; una `Conv2D` lo cambia al
//   número de filtros.

// %% id="pila" shows="text? display?"
import {
  Conv2D,
  Dense,
  DepthwiseConv2D,
  exercises,
  GlobalAveragePooling2D,
  MaxPool2D,
  Sequential,
  type ShapeAnswers,
} from "cnn/mod.ts";

const pila = new Sequential({ name: "pila" });
pila.add(Conv2D(8, { kernelSize: [3, 3] }));
pila.add(MaxPool2D({ poolSize: [2, 2] }));
pila.add(Conv2D(16, { kernelSize: [3, 3], strides: 2, padding: "same" }));
pila.add(DepthwiseConv2D({ kernelSize: [3, 3] }));
pila.add(Conv2D(32, { kernelSize: [1, 1] }));
pila.add(GlobalAveragePooling2D());
pila.add(Dense(10, { activation: "softmax" }));

// %% [markdown] id="respuesta-texto"
// ## Tus predicciones
//
// Una forma por capa, en el orden de `add()`.

// %% id="respuesta"
const respuestas: ShapeAnswers = [
  // ### BEGIN SOLUTION
  [null, 26, 26, 8], // 28 − 3 + 1 = 26
  [null, 13, 13, 8], // 26 / 2
  [null, 7, 7, 16], // ⌈13 / 2⌉ = 7
  [null, 5, 5, 16], // 7 − 3 + 1 = 5, mismos canales
  [null, 5, 5, 32], // 1×1: solo cambian los canales
  [null, 32], // media global por canal
  [null, 10],
  // ### STUB
  // undefined, // TODO: Conv2D(8, 3×3)
  // undefined, // TODO: MaxPool2D(2×2)
  // undefined, // TODO: Conv2D(16, 3×3, strides 2, padding "same")
  // undefined, // TODO: DepthwiseConv2D(3×3)
  // undefined, // TODO: Conv2D(32, 1×1)
  // undefined, // TODO: GlobalAveragePooling2D
  // undefined, // TODO: Dense(10)
  // ### END SOLUTION
];

// %% id="comprobar" shows="display"
await exercises.outputShapes(pila, respuestas);

// %% [markdown] id="solucion-resumen-texto" solution
// ## El resumen
//
// `summary()` confirma las formas (la comprobación ya construyó la pila).

// %% id="solucion-resumen" shows="display" solution
await pila.summary();
