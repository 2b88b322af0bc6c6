/**
 * The tutorial's training recipe, which every tool in `tools/perf/` trains
 * with: SGD (learning rate 0.1), sparse categorical cross-entropy, accuracy.
 * Imports only `training/`, so tools that measure a lean process
 * (rss_check.ts) can use it.
 *
 * @module
 */
import { optimizers } from "../../lib/training/mod.ts";

/** Anything `compile` can be called on like a Keras model. */
export interface Compilable {
  /** Keras's `compile`. */
  compile(args: {
    optimizer: ReturnType<typeof optimizers.SGD>;
    loss: "sparse_categorical_crossentropy";
    metrics: ["accuracy"];
  }): void;
}

/** Compiles `model` as the tutorial does and returns it. */
export function compileAsTutorial<M extends Compilable>(model: M): M {
  model.compile({
    optimizer: optimizers.SGD({ learningRate: 0.1 }),
    loss: "sparse_categorical_crossentropy",
    metrics: ["accuracy"],
  });
  return model;
}
