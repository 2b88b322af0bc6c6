/**
 * # Diseño de CNNs — the course library
 *
 * A Keras-3-style API on TensorFlow.js for the Deno Jupyter kernel: MNIST
 * exactly as Keras and scikit-learn give it, Sequential / Functional /
 * subclassed models with Keras summaries, a seeded training loop with Keras
 * progress lines, plotly figures, and backend selection (WebGPU on a GPU, a
 * trainable wasm backend on CPU).
 *
 * This is what notebooks import: the public API of `api.ts`, then the boot,
 * this module's only side effects: it picks the backend once (see
 * {@link useBestBackend}), lets the kernel's ■ button stop training, and
 * follows the course's quick mode when `CNN_QUICK=1` (see `course/quick.ts`).
 * Code that must not boot (tools, tests) imports `api.ts` or `internals.ts`.
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
import { listenForInterrupts } from "./host/interrupt.ts";
import { useQuickMode } from "./course/quick.ts";

export * from "./api.ts";

await useBestBackend();
// Inside the Jupyter kernel, the ■ button stops fit/evaluate/predict instead
// of killing the kernel (see lib/host/interrupt.ts).
listenForInterrupts();
// CNN_QUICK=1 runs fit/evaluate/predict on the course's stated subset.
useQuickMode();
