/**
 * `Sequential`: a plain stack of layers with Keras 3's deferred build.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { Shape } from "../core/types.ts";
import { formatShape } from "../core/format.ts";
import { KerasError } from "./errors.ts";
import { InputLayer } from "./input_layer.ts";
import { isShapeList, KerasTensor, Layer, type ShapeOrList } from "./layer.ts";
import { Model } from "./model.ts";
import {
  type ConfigObject,
  type LayerConfig,
  layerConfig,
  layerFromConfig,
} from "./serialization.ts";

/** Arguments of {@link Sequential}. */
export interface SequentialArgs {
  /** Model name; default `sequential`, `sequential_1`, … */
  name?: string;
  /** Layers to add at once. */
  layers?: Layer[];
}

/**
 * A linear stack of layers, like `keras.Sequential`. Layers may be added
 * without an input shape: the model builds on `build([null, 28, 28, 1])`, on
 * the first `fit`/`evaluate`/`predict`, or at once when the first layer has
 * an `inputShape`.
 *
 * @example
 * ```ts
 * const lenet = new Sequential({ name: "LeNet-5" });
 * lenet.add(Conv2D(6, { kernelSize: [5, 5], activation: "tanh", padding: "same", name: "C1" }));
 * lenet.add(Flatten());
 * lenet.add(Dense(10, { activation: "softmax" }));
 * lenet.summary();            // unbuilt: "?" shapes, "0 (unbuilt)"
 * lenet.build([null, 28, 28, 1]);
 * ```
 */
export class Sequential extends Model {
  private _stack: Layer[] = [];
  private _input?: InputLayer;
  private _inner?: Model;

  /** Creates an empty (or pre-filled) Sequential model. */
  constructor(args: SequentialArgs = {}) {
    super({ name: args.name });
    for (const layer of args.layers ?? []) this.add(layer);
  }

  /** Keras class name, `"Sequential"` (shown by `summary()` and saved in configs). */
  override get className(): string {
    return "Sequential";
  }

  /** The layers in order (the implicit input layer excluded, as in Keras). */
  override get layers(): Layer[] {
    return [...this._stack];
  }

  /** The internal Functional model created at build (its `input_layer` included). */
  get functional(): Model | undefined {
    return this._inner;
  }

  /**
   * Appends a layer (or an `Input()` tensor to fix the input shape). If the
   * model is built, it is rebuilt for the same input shape.
   */
  add(layer: Layer | KerasTensor): void {
    if (layer instanceof KerasTensor) {
      const source = layer.history.layer;
      if (!(source instanceof InputLayer) || this._stack.length > 0) {
        throw new KerasError(
          `Sequential model "${this.name}": only an Input() tensor may be added, and only ` +
            `as the first element; got ${layer.toString()}.`,
        );
      }
      // The model builds as soon as its first layer is added.
      this._input = source;
      return;
    }
    if (!(layer instanceof Layer)) {
      throw new KerasError(
        `Sequential model "${this.name}": add() expects a layer such as Dense(10); got ${
          layer === null || layer === undefined ? String(layer) : typeof layer
        }.`,
      );
    }
    if (this._stack.some((l) => l.name === layer.name)) {
      throw new KerasError(
        `All layers added to a Sequential model should have unique names. Name "${layer.name}" ` +
          `is already the name of a layer in model "${this.name}".`,
      );
    }
    this._stack.push(layer);
    const shape = this._built
      ? this._buildShape as Shape
      : this._input?.batchShape ??
        (this._stack.length === 1 ? layer.batchInputShape : undefined);
    if (shape) {
      this._built = false;
      this.build(shape);
    }
  }

  /** Rejects an empty model, with a hint to add layers first. */
  protected override assertUsable(what: string): void {
    if (this._stack.length === 0) {
      throw new KerasError(
        `Sequential model "${this.name}" has no layers, so it cannot ${what}(). ` +
          `Add layers first, e.g. model.add(Dense(10)).`,
      );
    }
  }

  /**
   * Builds every layer for inputs of this shape (batch first, `null` for any
   * size), as Keras's `model.build((None, 28, 28, 1))`.
   */
  override build(inputShape: ShapeOrList): void {
    if (this._built) return;
    this.assertUsable("build");
    if (
      isShapeList(inputShape) || !Array.isArray(inputShape) ||
      inputShape.length < 2 ||
      !inputShape.every((d) =>
        d === null || (Number.isInteger(d) && (d as number) > 0)
      )
    ) {
      throw new KerasError(
        `Sequential model "${this.name}": build() expects one input shape with the batch ` +
          `dimension first, e.g. build([null, 28, 28, 1]); got ${
            JSON.stringify(inputShape)
          }.`,
      );
    }
    const shape = inputShape as Shape;
    const input =
      this._input && formatShape(this._input.batchShape) === formatShape(shape)
        ? this._input
        : new InputLayer({
          shape: shape.slice(1),
          batchSize: shape[0] ?? undefined,
        });
    let x = input.output;
    for (const layer of this._stack) x = layer.apply(x);
    this._input = input;
    this._inner = new Model({ inputs: input.output, outputs: x });
    this._built = true;
    this._buildShape = shape;
  }

  /** Rejects an empty model and, once built, inputs whose shape differs from the build shape (batch aside). */
  protected override checkInputShape(shape: ShapeOrList): void {
    this.assertUsable("predict");
    if (!this._built) return;
    const want = this._buildShape as Shape;
    const got = isShapeList(shape) ? undefined : shape as Shape;
    const ok = got !== undefined && got.length === want.length &&
      got.every((d, i) =>
        i === 0 || d === null || want[i] === null || d === want[i]
      );
    if (!ok) {
      throw new KerasError(
        `Input to Sequential model "${this.name}" is incompatible: the model was built for ` +
          `${formatShape(want)} but received ${
            got ? formatShape(got) : `${(shape as Shape[]).length} inputs`
          }.`,
      );
    }
  }

  /** Runs the layers in order. */
  override call(
    inputs: tf.Tensor | tf.Tensor[],
    training?: boolean,
  ): tf.Tensor {
    let x = inputs as tf.Tensor;
    for (const layer of this._stack) x = layer.apply(x, { training });
    return x;
  }

  /**
   * Keras's `Sequential.get_config()`: the name, each layer's
   * `{ class_name, config }` and the build shape, all that
   * {@link Sequential.fromConfig} needs. Saving writes it as the model's
   * topology, so a Sequential nested as a layer of another model keeps its
   * layers too.
   */
  override getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      trainable: this.trainable,
      layers: this.layers.map(layerConfig),
      build_input_shape: this.buildInputShape ?? null,
    };
  }

  /**
   * Rebuilds a Sequential from its {@link Sequential.getConfig}. The loader
   * passes `rebuildLayer`, which also knows nested models; the default knows
   * the built-in layers and the registered classes.
   */
  static fromConfig(
    config: ConfigObject,
    rebuildLayer: (spec: LayerConfig) => Layer = layerFromConfig,
  ): Sequential {
    const model = new Sequential({ name: config.name });
    for (const spec of config.layers as LayerConfig[]) {
      model.add(rebuildLayer(spec));
    }
    if (config.build_input_shape) model.build(config.build_input_shape);
    return model;
  }
}
