/**
 * `Input()` and the `InputLayer` it creates: the entry point of a
 * Functional model.
 *
 * @module
 */
import type { Shape } from "../core/types.ts";
import { KerasError } from "./errors.ts";
import { recordNode } from "./keras_tensor.ts";
import { type KerasTensor, Layer, type ShapeOrList } from "./layer.ts";

/** Arguments of {@link Input}. */
export interface InputArgs {
  /** Shape of one sample (no batch), e.g. `[28, 28, 1]`; `null` for unknown sizes. */
  shape: (number | null)[];
  /** Fixed batch size; default unknown (`None`). */
  batchSize?: number;
  /** Keras name; default `input_layer`, `input_layer_1`, … */
  name?: string;
}

/** The layer behind {@link Input}: it has no weights and just passes data on. */
export class InputLayer extends Layer {
  /** Shape with the batch dimension. */
  readonly batchShape: Shape;
  /** The symbolic tensor this layer outputs. */
  readonly output: KerasTensor;

  /** Prefer {@link Input}. */
  constructor(args: InputArgs) {
    super({ name: args.name });
    if (
      !Array.isArray(args.shape) ||
      !args.shape.every((d) => d === null || (Number.isInteger(d) && d > 0))
    ) {
      throw new KerasError(
        `Input(): shape must be a list of positive integers (or null) without the batch ` +
          `dimension, e.g. Input({ shape: [28, 28, 1] }); got ${
            JSON.stringify(args.shape)
          }.`,
      );
    }
    this.batchShape = [args.batchSize ?? null, ...args.shape];
    this._buildShape = this.batchShape;
    this.output = recordNode(this, [], false, [this.batchShape])[0];
  }

  /** Always `"InputLayer"`, as in Keras summaries. */
  override get className(): string {
    return "InputLayer";
  }

  /** Built as soon as it exists: its shape is given. */
  protected override get buildsAtInit(): boolean {
    return true;
  }

  /** Its output shape is its input shape. */
  override computeOutputShape(inputShape: ShapeOrList): ShapeOrList {
    return inputShape;
  }

  /** Passes the data on unchanged. */
  override call(inputs: unknown): unknown {
    return inputs;
  }

  /** `name`, `shape` (without the batch) and `batchSize`, so `loadModel()` can rebuild it. */
  override getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      shape: this.batchShape.slice(1),
      batchSize: this.batchShape[0],
    };
  }
}

/**
 * A symbolic input for the Functional API, like `keras.Input`.
 *
 * @example
 * ```ts
 * const a = Input({ shape: [28, 28, 1] });
 * const b = Conv2D(16, { kernelSize: 5, padding: "same" }).apply(a);
 * ```
 */
export function Input(args: InputArgs): KerasTensor {
  return new InputLayer(args).output;
}
