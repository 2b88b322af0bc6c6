/**
 * A small hand-written {@link TrainableModel} for the training tests: a
 * dense softmax (optionally with a tanh hidden layer) over flattened inputs,
 * plus helpers for synthetic, learnable data.
 */
import * as tf from "@tensorflow/tfjs";
import { nextSeed } from "../../lib/core/seed.ts";
import { resolveCompile } from "../../lib/training/compile.ts";
import { optimizers } from "../../lib/training/optimizers.ts";
import type {
  CompiledState,
  Shape,
  TrainableModel,
} from "../../lib/core/types.ts";

let counter = 0;

/** Options of {@link ToyModel}. */
export interface ToyOptions {
  classes?: number;
  hidden?: number;
  /** Weight-init seed; default from `setRandomSeed` via `nextSeed()`. */
  seed?: number;
  /** Adds a variable the loss never uses (for the missing-gradient warning). */
  unusedVariable?: boolean;
}

export class ToyModel implements TrainableModel {
  readonly name: string;
  compiled: CompiledState | undefined;
  stopTraining?: boolean;
  #vars: tf.Variable[] = [];
  #unused: tf.Variable | undefined;
  readonly #opts: ToyOptions;

  constructor(opts: ToyOptions = {}) {
    this.#opts = opts;
    this.name = `toy_${++counter}`;
  }

  get built(): boolean {
    return this.#vars.length > 0;
  }

  build(inputShape: Shape): void {
    const d = inputShape.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
    const classes = this.#opts.classes ?? 3;
    const seed = this.#opts.seed ?? nextSeed();
    const dims = this.#opts.hidden
      ? [d, this.#opts.hidden, classes]
      : [d, classes];
    for (let i = 0; i + 1 < dims.length; i++) {
      const s = seed === undefined ? undefined : seed + i;
      this.#vars.push(
        tf.variable(
          tf.randomNormal([dims[i], dims[i + 1]], 0, 0.3, "float32", s),
          true,
          `${this.name}/w${i}`,
        ),
        tf.variable(tf.zeros([dims[i + 1]]), true, `${this.name}/b${i}`),
      );
    }
    if (this.#opts.unusedVariable) {
      this.#unused = tf.variable(
        tf.zeros([2]),
        true,
        `${this.name}/unused/kernel`,
      );
    }
  }

  forward(x: tf.Tensor, _training: boolean): tf.Tensor {
    let h: tf.Tensor = tf.reshape(tf.cast(x, "float32"), [x.shape[0], -1]);
    for (let i = 0; i < this.#vars.length; i += 2) {
      h = tf.add(tf.matMul(h, this.#vars[i]), this.#vars[i + 1]);
      if (i + 2 < this.#vars.length) h = tf.tanh(h);
    }
    return tf.softmax(h);
  }

  get trainableVariables(): tf.Variable[] {
    return this.#unused ? [...this.#vars, this.#unused] : this.#vars;
  }

  get nonTrainableVariables(): tf.Variable[] {
    return [];
  }

  /** Current weights as plain arrays (for equality checks). */
  async weights(): Promise<number[][]> {
    return await Promise.all(
      this.#vars.map(async (v) => Array.from(await v.data())),
    );
  }

  dispose(): void {
    tf.dispose(this.trainableVariables);
    this.#vars = [];
    this.#unused = undefined;
  }
}

/**
 * `n` points in `d` dimensions, label = the class whose centre is nearest;
 * deterministic for a given seed. Returns `[x, y]` (y int32 labels).
 */
export function blobs(
  n: number,
  d = 4,
  classes = 3,
  seed = 1,
): [tf.Tensor2D, tf.Tensor1D] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const xs = new Float32Array(n * d);
  const ys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    ys[i] = c;
    for (let j = 0; j < d; j++) {
      xs[i * d + j] = (j % classes === c ? 2 : 0) + (rnd() - 0.5) * 1.5;
    }
  }
  return [tf.tensor2d(xs, [n, d]), tf.tensor1d(ys, "int32")];
}

/** `model` compiled as the fit tests train it: SGD 0.1, sparse cross-entropy, accuracy. */
export function compiled(model: ToyModel): ToyModel {
  model.compiled = resolveCompile({
    optimizer: optimizers.SGD({ learningRate: 0.1 }),
    loss: "sparse_categorical_crossentropy",
    metrics: ["accuracy"],
  });
  return model;
}
