/**
 * Merge layers for branches of a Functional model: Concatenate and Add.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Shape } from "../../core/types.ts";
import { formatShape } from "../../core/format.ts";
import { KerasError } from "../errors.ts";
import { isShapeList, type LayerArgs, type ShapeOrList } from "../layer.ts";
import { StatelessLayer } from "./stateless.ts";
import { toFloat } from "./wrapped.ts";

function shapeList(shape: ShapeOrList, name: string, cls: string): Shape[] {
  if (!isShapeList(shape) || shape.length < 2) {
    throw new KerasError(
      `Layer "${name}" (${cls}) must be called on a list of at least 2 inputs, e.g. ` +
        `${cls}().apply([a, b]); got ${
          isShapeList(shape)
            ? `a list of ${shape.length}`
            : `one input ${formatShape(shape as Shape)}`
        }.`,
    );
  }
  return shape;
}

function listShapes(shapes: Shape[]): string {
  return `[${shapes.map(formatShape).join(", ")}]`;
}

/** Arguments of {@link Concatenate}. */
export interface ConcatenateArgs extends LayerArgs {
  /** Axis to join along; default -1 (channels). */
  axis?: number;
}

/** The class behind {@link Concatenate}. */
export class ConcatenateLayer extends StatelessLayer {
  /** Axis joined along (negative counts from the end). */
  readonly axis: number;

  /** Prefer the {@link Concatenate} factory. */
  constructor(args: ConcatenateArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
  }

  /** Keras class name, `"Concatenate"` (shown by `summary()` and saved in configs). */
  override get className(): string {
    return "Concatenate";
  }

  /** `axis` as a non-negative index for inputs of this rank. */
  private resolvedAxis(rank: number): number {
    return this.axis < 0 ? rank + this.axis : this.axis;
  }

  /** Requires a list of at least two inputs of equal rank whose sizes match except along `axis`. */
  protected override checkInputShape(shape: ShapeOrList): void {
    const shapes = shapeList(shape, this.name, this.className);
    const rank = shapes[0].length;
    const axis = this.resolvedAxis(rank);
    const bad = axis <= 0 || axis >= rank ||
      shapes.some((s) =>
        s.length !== rank ||
        s.some((d, i) =>
          i !== axis && d !== null && shapes[0][i] !== null &&
          d !== shapes[0][i]
        )
      );
    if (bad) {
      throw new KerasError(
        `A Concatenate layer ("${this.name}") requires inputs with matching shapes except ` +
          `for the concatenation axis ${this.axis}. Received: input_shape=${
            listShapes(shapes)
          }. ` +
          `Make the branches agree, e.g. use padding: "same" in every branch.`,
      );
    }
  }

  /** The common shape with the sizes along `axis` summed (`None` if any of them is unknown). */
  override computeOutputShape(inputShape: ShapeOrList): Shape {
    const shapes = inputShape as Shape[];
    const axis = this.resolvedAxis(shapes[0].length);
    const out = shapes[0].map((d, i) =>
      d ?? shapes.find((s) => s[i] !== null)?.[i] ?? null
    );
    out[axis] = shapes.some((s) => s[axis] === null)
      ? null
      : shapes.reduce((n, s) => n + (s[axis] as number), 0);
    return out;
  }

  /** Joins the inputs along `axis`. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const xs = inputs as tf.Tensor[];
    return tf.tidy(() =>
      tf.concat(xs.map(toFloat), this.resolvedAxis(xs[0].rank))
    );
  }

  /** Adds `axis` to the base config. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/**
 * Joins a list of tensors along an axis, like `keras.layers.Concatenate`.
 *
 * @example
 * ```ts
 * const out = Concatenate({ axis: -1 }).apply([branch1, branch2]);
 * ```
 */
export function Concatenate(args: ConcatenateArgs = {}): ConcatenateLayer {
  return new ConcatenateLayer(args);
}

/** The class behind {@link Add}. */
export class AddLayer extends StatelessLayer {
  /** Keras class name, `"Add"` (shown by `summary()` and saved in configs). */
  override get className(): string {
    return "Add";
  }

  /** Requires a list of at least two inputs with the same shape. */
  protected override checkInputShape(shape: ShapeOrList): void {
    const shapes = shapeList(shape, this.name, this.className);
    const first = shapes[0];
    for (const s of shapes.slice(1)) {
      const ok = s.length === first.length &&
        s.every((d, i) => d === null || first[i] === null || d === first[i]);
      if (!ok) {
        throw new KerasError(
          `Layer "${this.name}" (Add): inputs have incompatible shapes. Received shapes ` +
            `${formatShape(first)} and ${
              formatShape(s)
            }. All inputs of Add must have the same shape.`,
        );
      }
    }
  }

  /** The common shape of the inputs (unknown sizes taken from the other inputs). */
  override computeOutputShape(inputShape: ShapeOrList): Shape {
    const shapes = inputShape as Shape[];
    return shapes[0].map((d, i) =>
      d ?? shapes.find((s) => s[i] !== null)?.[i] ?? null
    );
  }

  /** Sums the inputs element-wise. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const xs = inputs as tf.Tensor[];
    return tf.tidy(() => tf.addN(xs.map(toFloat)));
  }
}

/**
 * Element-wise sum of a list of tensors, like `keras.layers.Add`.
 *
 * @example
 * ```ts
 * const y = Add().apply([x, shortcut]);
 * ```
 */
export function Add(args: LayerArgs = {}): AddLayer {
  return new AddLayer(args);
}
