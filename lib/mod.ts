/**
 * # Diseño de CNNs — the course library
 *
 * A Keras-3-style API on TensorFlow.js for the Deno Jupyter kernel: MNIST
 * exactly as Keras and scikit-learn give it, Sequential / Functional /
 * subclassed models with Keras summaries, a seeded training loop with Keras
 * progress lines, plotly figures, and backend selection (WebGPU on a GPU, a
 * trainable wasm backend on CPU).
 *
 * Importing this module picks the backend once (see {@link useBestBackend})
 * and follows the course's quick mode when `CNN_QUICK=1` (see `course/quick.ts`).
 *
 * @example
 * ```ts
 * import { Conv2D, Dense, Flatten, Sequential } from "cnn/mod.ts";
 * const model = new Sequential({ name: "demo" });
 * model.add(Conv2D(6, { kernelSize: [5, 5], activation: "tanh" }));
 * model.add(Flatten());
 * model.add(Dense(10, { activation: "softmax" }));
 * model.summary();
 * ```
 *
 * @module
 */
import { useBestBackend } from "./backend/mod.ts";
import { listenForInterrupts } from "./training/interrupt.ts";
import { useQuickMode } from "./course/quick.ts";

export * from "./backend/mod.ts";
export * from "./data/mod.ts";
export * from "./keras/mod.ts";
export * from "./training/mod.ts";
export * from "./plots/mod.ts";
export * from "./course/models/mod.ts";
export * from "./course/exercises/mod.ts";
export { display, inJupyter } from "./display.ts";
export type { DisplayOptions, MimeBundle } from "./display.ts";
export { quickMode } from "./course/quick.ts";

await useBestBackend();
// Inside the Jupyter kernel, the ■ button stops fit/evaluate/predict instead
// of killing the kernel (see lib/training/interrupt.ts).
listenForInterrupts();
// CNN_QUICK=1 runs fit/evaluate/predict on the course's stated subset.
useQuickMode();
