// %% [markdown] id="titulo"
// # Ejercicio 1 · Contar parámetros a mano
//
// En el capítulo de convoluciones separables vimos que una `Conv2D` 3×3 con 8
// filtros sobre una imagen de un canal, sin sesgo, tiene 72 parámetros, y que su
// versión separable (depthwise + pointwise) se queda en 9 + 8 = 17. Ahora cuentas
// tú, en un caso algo más realista.
//
// **Situación.** La entrada es un mapa de características de 14×14 con **8
// canales**. Las tres capas usan el valor por defecto `useBias: true`:
//
// 1. `Conv2D(16, { kernelSize: [3, 3] })`: una convolución estándar.
// 2. `DepthwiseConv2D({ kernelSize: [3, 3] })`: la parte _depthwise_.
// 3. `Conv2D(16, { kernelSize: [1, 1] })`: la parte _pointwise_.
//
// Cuenta los parámetros de cada capa **sin ejecutar código** y escribe los tres
// números en la celda de respuesta. Después ejecuta la comprobación.

// %% id="importar" shows="text?"
import { exercises, type ParamCountAnswers } from "cnn/mod.ts";

// %% [markdown] id="respuesta-texto"
// ## Tu respuesta
//
// Sustituye cada `undefined` por un número (puedes escribir la cuenta, por ejemplo
// `2 * 3 + 1`).

// %% id="respuesta"
const respuesta: ParamCountAnswers = {
  conv: undefined, // TODO: parámetros de Conv2D(16, 3×3) sobre 8 canales
  depthwise: undefined, // TODO: parámetros de DepthwiseConv2D(3×3) sobre 8 canales
  pointwise: undefined, // TODO: parámetros de Conv2D(16, 1×1) sobre 8 canales
};

// %% id="comprobar" shows="display"
await exercises.paramCounts(respuesta);
