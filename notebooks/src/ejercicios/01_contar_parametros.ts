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

// %% id="importar" shows="text? display?"
import { exercises, type ParamCountAnswers } from "cnn/mod.ts";

// %% [markdown] id="respuesta-texto"
// ## Tu respuesta
//
// Sustituye cada `undefined` por un número (puedes escribir la cuenta, por ejemplo
// `2 * 3 + 1`).

// %% id="respuesta"
const respuesta: ParamCountAnswers = {
  // ### BEGIN SOLUTION
  // 16 filtros, cada uno con un kernel 3×3×8, más un sesgo por filtro.
  conv: 3 * 3 * 8 * 16 + 16,
  // Un kernel 3×3 por canal de entrada, más un sesgo por canal.
  depthwise: 3 * 3 * 8 + 8,
  // 16 filtros de 1×1×8, más un sesgo por filtro.
  pointwise: 1 * 1 * 8 * 16 + 16,
  // ### STUB
  // conv: undefined, // TODO: parámetros de Conv2D(16, 3×3) sobre 8 canales
  // depthwise: undefined, // TODO: parámetros de DepthwiseConv2D(3×3) sobre 8 canales
  // pointwise: undefined, // TODO: parámetros de Conv2D(16, 1×1) sobre 8 canales
  // ### END SOLUTION
};

// %% id="comprobar" shows="display"
await exercises.paramCounts(respuesta);

// %% [markdown] id="solucion-verificar-texto" solution
// ## Comprobación con `summary()`
//
// Las mismas capas construidas para una entrada de 14×14×8. La versión separable
// (80 + 144 = 224 parámetros) necesita cinco veces menos pesos que la convolución
// estándar (1168).

// %% id="solucion-verificar" shows="display" solution
import { Conv2D, DepthwiseConv2D, Sequential } from "cnn/mod.ts";

const estandar = new Sequential({
  name: "estandar",
  layers: [Conv2D(16, { kernelSize: [3, 3] })],
});
const separable = new Sequential({
  name: "separable",
  layers: [
    DepthwiseConv2D({ kernelSize: [3, 3] }),
    Conv2D(16, { kernelSize: [1, 1] }),
  ],
});
for (const model of [estandar, separable]) {
  model.build([null, 14, 14, 8]);
  await model.summary();
}
