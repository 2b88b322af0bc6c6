// %% [markdown] id="titulo"
// # Ejercicio 5 · Inception con reducción 1×1
//
// En la capa inception del tutorial, la rama 5×5 aplica 32 filtros de 5×5×16
// directamente sobre la entrada: es la rama más cara. GoogLeNet la abarata
// poniendo delante una convolución **1×1 de reducción** que baja primero el número
// de canales (aquí, de 16 a `nReduce = 8`) y solo después aplica la 5×5.
//
// 1. Completa `inceptionLayerReducida`: añade una `Conv2D` de `nReduce` filtros,
//    kernel 1×1, `activation: "relu"` y `padding: "same"` sobre `tensor`, y aplica
//    la rama 5×5 a **su salida**. Las demás ramas no cambian.
// 2. Calcula a mano cuántos parámetros ahorra la rama 5×5 y guárdalo en `ahorro`
//    (rama original − rama reducida, contando la 1×1).

// %% id="importar" shows="text? display?"
import {
  Concatenate,
  Conv2D,
  Dense,
  exercises,
  Flatten,
  Input,
  type KerasTensor,
  MaxPool2D,
  Model,
} from "cnn/mod.ts";

/** Filters per branch and channels after the 1×1 reduction. */
interface InceptionOptions {
  nFilters: number;
  nReduce: number;
}

// %% [markdown] id="respuesta-texto"
// ## Tu capa inception

// %% id="respuesta"
function inceptionLayerReducida(
  tensor: KerasTensor,
  opts: InceptionOptions,
): KerasTensor {
  const branch1x1 = Conv2D(opts.nFilters, {
    kernelSize: [1, 1],
    activation: "relu",
    padding: "same",
  }).apply(tensor);
  // ### BEGIN SOLUTION
  const reduce5x5 = Conv2D(opts.nReduce, {
    kernelSize: [1, 1],
    activation: "relu",
    padding: "same",
  }).apply(tensor);
  const branch5x5 = Conv2D(opts.nFilters, {
    kernelSize: [5, 5],
    activation: "relu",
    padding: "same",
  }).apply(reduce5x5);
  // ### STUB
  // // TODO: antes de la 5×5, reduce `tensor` a `opts.nReduce` canales con una
  // // Conv2D 1×1 (relu, padding "same") y aplica la 5×5 a su salida.
  // const branch5x5 = Conv2D(opts.nFilters, {
  //   kernelSize: [5, 5],
  //   activation: "relu",
  //   padding: "same",
  // }).apply(tensor);
  // ### END SOLUTION
  const branch3x3 = Conv2D(opts.nFilters, {
    kernelSize: [3, 3],
    activation: "relu",
    padding: "same",
  }).apply(tensor);
  const branchPool = MaxPool2D({
    poolSize: [3, 3],
    strides: [1, 1],
    padding: "same",
  }).apply(tensor);
  return Concatenate({ axis: -1 }).apply([
    branch1x1,
    branch5x5,
    branch3x3,
    branchPool,
  ]);
}

// %% [markdown] id="modelo-texto"
// ## El mini-Inception con tu capa
//
// El mismo modelo funcional del tutorial, con la capa nueva.

// %% id="modelo" shows="display"
const inputTensor = Input({ shape: [28, 28, 1] });
const base = Conv2D(16, { kernelSize: [5, 5], padding: "same" }).apply(
  inputTensor,
);
const inception = inceptionLayerReducida(base, { nFilters: 32, nReduce: 8 });
const outputTensor = Dense(10, { activation: "softmax" }).apply(
  Flatten().apply(inception),
);
const miniInceptionReducida = new Model({
  inputs: inputTensor,
  outputs: outputTensor,
});
await miniInceptionReducida.summary();

// %% [markdown] id="respuesta-ahorro-texto"
// ## ¿Cuánto ahorra?
//
// Cuenta a mano los parámetros de la rama 5×5 original (sobre 16 canales) y los de
// la rama reducida (la 1×1 más la 5×5 sobre 8 canales).

// %% id="respuesta-ahorro"
// ### BEGIN SOLUTION
const ramaOriginal = 5 * 5 * 16 * 32 + 32;
const ramaReducida = (1 * 1 * 16 * 8 + 8) + (5 * 5 * 8 * 32 + 32);
const ahorro: number | undefined = ramaOriginal - ramaReducida;
// ### STUB
// const ahorro: number | undefined = undefined; // TODO: rama original − rama reducida
// ### END SOLUTION

// %% id="comprobar" shows="display"
await exercises.inceptionReduction(miniInceptionReducida, ahorro);
