/**
 * `Model`: the Functional API (`new Model({ inputs, outputs })`) and the base
 * class for subclassed models (`class MiniResNet extends Model { call() }`),
 * with Keras's `compile` / `fit` / `evaluate` / `predict` / `summary` / `save`.
 *
 * The dependency points one way, as in Keras, where `keras.Model` inherits
 * its `fit` from a `Trainer` and the trainer never imports a model class:
 * this file delegates `compile`/`fit`/`evaluate`/`predict` to
 * `lib/training/`, and the training loop knows a model only through the
 * `TrainableModel` contract in `lib/core/types.ts`, which `Model` implements.
 * So `lib/training/` never imports `lib/keras/`, and no trainer needs to be
 * registered at run time.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { type CompileArgs, resolveCompile } from "../training/compile.ts";
import {
  evaluate,
  type EvaluateOptions,
  fit,
  type FitOptions,
  predict,
  type PredictOptions,
} from "../training/fit.ts";
import type { History } from "../training/history.ts";
import type { CompiledState, Shape, TrainableModel } from "../core/types.ts";
import { formatShape } from "../core/format.ts";
import { KerasError } from "./errors.ts";
import { FunctionalGraph } from "./functional.ts";
import {
  isShapeList,
  KerasTensor,
  Layer,
  type ShapeOrList,
  withTraining,
} from "./layer.ts";
import { uniqueName } from "./naming.ts";
import { saveModel } from "./save.ts";
import { functionalConfig } from "./serialization.ts";
import { showSummary, type SummaryOptions, summaryText } from "./summary.ts";

/** Arguments of {@link Model}. */
export interface ModelArgs {
  /** Model name; default `functional`, `functional_1`, … or the snake_case class name. */
  name?: string;
  /** Functional API: the `Input()` tensor(s). */
  inputs?: KerasTensor | KerasTensor[];
  /** Functional API: the output tensor(s) computed from `inputs`. */
  outputs?: KerasTensor | KerasTensor[];
}

function asList(
  x: KerasTensor | KerasTensor[] | undefined,
  what: string,
  name: string,
): KerasTensor[] {
  const list = Array.isArray(x) ? x : [x];
  if (list.length === 0 || !list.every((t) => t instanceof KerasTensor)) {
    throw new KerasError(
      `Model "${name}": ${what} must be KerasTensor(s) from Input() and layer.apply(); ` +
        `got ${x === undefined ? "nothing" : typeof x}.`,
    );
  }
  return list;
}

/**
 * A model: a layer with training methods. Use it as the Functional API or
 * subclass it.
 *
 * @example
 * ```ts
 * const a = Input({ shape: [32] });
 * const b = Dense(32).apply(a);
 * const model = new Model({ inputs: a, outputs: b });
 *
 * class MyModel extends Model {
 *   classifier = Dense(10, { activation: "softmax" });
 *   override call(inputs: tf.Tensor) { return this.classifier.apply(inputs); }
 * }
 * ```
 */
export class Model extends Layer implements TrainableModel {
  /** The graph of a Functional model; `undefined` for subclassed models. */
  protected _graph?: FunctionalGraph;
  /** What `compile()` resolved. */
  protected _compiled?: CompiledState;

  /** Creates a Functional model (with `inputs`/`outputs`) or a subclassed one. */
  constructor(args: ModelArgs = {}) {
    const functional = args.inputs !== undefined || args.outputs !== undefined;
    super({
      name: args.name ?? (functional ? uniqueName("functional") : undefined),
    });
    if (functional) {
      const inputs = asList(args.inputs, "inputs", this.name);
      const outputs = asList(args.outputs, "outputs", this.name);
      this._graph = new FunctionalGraph(inputs, outputs, this.name);
      this._built = true;
      this._buildShape = inputs.length === 1
        ? inputs[0].shape
        : inputs.map((t) => t.shape);
    }
  }

  /** `"Functional"` for a model built from inputs and outputs, otherwise the class name (e.g. `MiniResNet`). */
  override get className(): string {
    if (this._graph && this.constructor === Model) return "Functional";
    return this.constructor.name;
  }

  /** Layers of the model: graph layers (Functional) or sublayer fields (subclassed). */
  override get layers(): Layer[] {
    return this._graph ? [...this._graph.layers] : super.layers;
  }

  /** The Functional graph, if any (used by `summary()` for `Connected to`). */
  get graph(): FunctionalGraph | undefined {
    return this._graph;
  }

  /**
   * Keras's `get_config()`: for a Functional model its whole graph (layers,
   * inbound nodes, inputs, outputs), so one nested as a layer of another
   * model saves and loads whole; a subclassed model overrides it with its
   * constructor arguments.
   */
  override getConfig(): Record<string, unknown> {
    if (this._graph && this.className === "Functional") {
      return functionalConfig(this, this._graph);
    }
    return super.getConfig();
  }

  /** Finds a layer by name. */
  getLayer(name: string): Layer {
    const found = this.layers.find((l) => l.name === name);
    if (!found) {
      throw new KerasError(
        `No such layer: "${name}" in model "${this.name}". Existing layers are: ${
          this.layers.map((l) => `"${l.name}"`).join(", ")
        }.`,
      );
    }
    return found;
  }

  /** For a Functional model, requires inputs compatible with its `Input()` shapes; a subclassed model accepts any. */
  protected override checkInputShape(shape: ShapeOrList): void {
    if (!this._graph) return;
    const want = this._graph.inputs.map((t) => t.shape);
    const got = isShapeList(shape) ? shape : [shape as Shape];
    const ok = got.length === want.length &&
      got.every((s, i) =>
        s.length === want[i].length &&
        s.every((d, j) => d === null || want[i][j] === null || d === want[i][j])
      );
    if (!ok) {
      throw new KerasError(
        `Input to model "${this.name}" is incompatible: expected shape ${
          want.map(formatShape).join(", ")
        }, got ${got.map(formatShape).join(", ")}.`,
      );
    }
  }

  /** Runs the model on real tensors; subclassed models override it. */
  override call(inputs: tf.Tensor | tf.Tensor[], training?: boolean): unknown {
    if (!this._graph) {
      throw new KerasError(
        `Model "${this.name}" (${this.className}) has no call() method. A subclassed model ` +
          `must implement call(inputs); a Functional model needs new Model({ inputs, outputs }).`,
      );
    }
    const xs = Array.isArray(inputs) ? inputs : [inputs];
    const ys = this._graph.run(xs, training ?? false);
    return ys.length === 1 ? ys[0] : ys;
  }

  /** Eager forward pass for the training loop (see `TrainableModel`). */
  forward(x: tf.Tensor, training: boolean): tf.Tensor {
    return withTraining(training, () => this.apply(x, { training }));
  }

  /** Variables the optimizer updates, in a stable order. */
  get trainableVariables(): tf.Variable[] {
    return this.trainableWeights;
  }

  /** Variables that are not trained (BatchNormalization moving statistics). */
  get nonTrainableVariables(): tf.Variable[] {
    return this.nonTrainableWeights;
  }

  /** Set by `compile()`. */
  get compiled(): CompiledState | undefined {
    return this._compiled;
  }

  /**
   * Configures training, like Keras's `model.compile`.
   *
   * @example
   * ```ts
   * model.compile({ optimizer: optimizers.SGD({ learningRate: 0.1 }),
   *   loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
   * ```
   */
  compile(args: CompileArgs): void {
    this._compiled = resolveCompile(args);
  }

  /** Checks the model can run; Sequential overrides it to reject empty models. */
  protected assertUsable(_what: string): void {}

  /** Trains the model, like Keras's `model.fit`; returns the `History`. */
  async fit(
    x: tf.Tensor,
    y: tf.Tensor,
    options: FitOptions = {},
  ): Promise<History> {
    this.assertUsable("fit");
    return await fit(this, x, y, options);
  }

  /** Loss and metrics on `x`/`y`, like Keras's `model.evaluate`. */
  async evaluate(
    x: tf.Tensor,
    y: tf.Tensor,
    options: EvaluateOptions = {},
  ): Promise<number[]> {
    this.assertUsable("evaluate");
    return await evaluate(this, x, y, options);
  }

  /** Outputs in inference mode, like Keras's `model.predict`; the caller disposes them. */
  async predict(
    x: tf.Tensor,
    options: PredictOptions = {},
  ): Promise<tf.Tensor> {
    this.assertUsable("predict");
    return await predict(this, x, options);
  }

  /** The Keras 3 summary as text (what `summary()` prints in a terminal). */
  summaryText(options: SummaryOptions = {}): string {
    this.assertUsable("summary");
    return summaryText(this, options);
  }

  /**
   * Prints the Keras 3 summary; in Jupyter shows it as an HTML table with a
   * text fallback. With `printFn`, each call receives the text instead.
   */
  summary(options: SummaryOptions = {}): Promise<void> {
    this.assertUsable("summary");
    return showSummary(this, options);
  }

  /**
   * Saves the model to a folder (`model.json` + `weights-<sha>.bin`, tfjs
   * layers format), atomically: a crash leaves the old or the new model,
   * whole. Load it with `loadModel(dir)`.
   */
  async save(dir: string): Promise<void> {
    this.assertUsable("save");
    await saveModel(this, dir);
  }
}
