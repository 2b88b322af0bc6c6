/**
 * Validation of common Keras layer arguments (kernel sizes, strides,
 * padding), with errors that name the layer.
 *
 * @module
 */
import type { Shape } from "../../core/types.ts";
import { formatShape } from "../../core/format.ts";
import { KerasError } from "../errors.ts";
import { isShapeList, type ShapeOrList } from "../layer.ts";

/** Keras padding modes. */
export type Padding = "valid" | "same";

/** Normalises `3` or `[3, 3]` to a pair of positive integers. */
export function pair(
  value: number | [number, number] | number[],
  what: string,
  layerName: string,
): [number, number] {
  const p = typeof value === "number" ? [value, value] : value;
  if (
    !Array.isArray(p) || p.length !== 2 ||
    !p.every((v) => Number.isInteger(v) && v > 0)
  ) {
    throw new KerasError(
      `Layer "${layerName}": ${what} must be a positive integer or a pair of them, ` +
        `e.g. ${what}: [3, 3]; got ${JSON.stringify(value)}.`,
    );
  }
  return [p[0], p[1]];
}

/** Checks a padding mode. */
export function padding(value: string | undefined, layerName: string): Padding {
  const p = value ?? "valid";
  if (p !== "valid" && p !== "same") {
    throw new KerasError(
      `Layer "${layerName}": padding must be "valid" or "same"; got "${p}".`,
    );
  }
  return p;
}

/** Only channels_last (NHWC, the TensorFlow default) is supported. */
export function channelsLast(
  value: string | undefined,
  layerName: string,
): void {
  if (value !== undefined && value !== "channels_last") {
    throw new KerasError(
      `Layer "${layerName}": only dataFormat "channels_last" is supported (images as ` +
        `(batch, height, width, channels)); got "${value}".`,
    );
  }
}

/** Checks a positive integer argument (filters, units). */
export function positiveInt(
  value: unknown,
  what: string,
  layerName: string,
): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new KerasError(
      `Layer "${layerName}": ${what} must be a positive integer; got ${
        JSON.stringify(value)
      }.`,
    );
  }
  return value;
}

/** Returns the single shape of a one-input layer, or throws. */
export function single(
  shape: ShapeOrList,
  layerName: string,
  className: string,
): Shape {
  if (isShapeList(shape)) {
    throw new KerasError(
      `Layer "${layerName}" (${className}) expects a single input but received a list of ` +
        `${shape.length} inputs with shapes ${
          shape.map(formatShape).join(", ")
        }.`,
    );
  }
  return shape as Shape;
}

/**
 * Returns the single shape of a layer that needs a batch axis (rank ≥ 2),
 * or throws Keras's `min_ndim=2` error; `why` follows `min_ndim=2` in it.
 */
export function requireBatch(
  shape: ShapeOrList,
  layerName: string,
  className: string,
  why = "",
): Shape {
  const s = single(shape, layerName, className);
  if (s.length < 2) {
    throw new KerasError(
      `Input 0 of layer "${layerName}" (${className}) is incompatible with the layer: expected ` +
        `min_ndim=2${why}, found ndim=${s.length}. Full shape received: ${
          formatShape(s)
        }.`,
    );
  }
  return s;
}

/** Throws unless the shape is (batch, height, width, channels). */
export function requireImageBatch(
  shape: ShapeOrList,
  layerName: string,
  className: string,
): Shape {
  const s = single(shape, layerName, className);
  if (s.length !== 4) {
    throw new KerasError(
      `Input 0 of layer "${layerName}" (${className}) is incompatible with the layer: ` +
        `expected ndim=4 (batch, height, width, channels), found ndim=${s.length}. ` +
        `Full shape received: ${
          formatShape(s)
        }. Reshape images to (height, width, 1) ` +
        `for grayscale, e.g. x.reshape([n, 28, 28, 1]).`,
    );
  }
  return s;
}

/** Throws when the channel count differs from the one the layer was built for. */
export function requireSameLastDim(
  shape: Shape,
  built: Shape | undefined,
  layerName: string,
  className: string,
): void {
  if (!built) return;
  const want = built[built.length - 1];
  const got = shape[shape.length - 1];
  if (want !== null && got !== null && want !== got) {
    throw new KerasError(
      `Input 0 of layer "${layerName}" (${className}) is incompatible with the layer: ` +
        `expected axis -1 of input shape to have value ${want}, but received input with ` +
        `shape ${formatShape(shape)}. The layer was built for ${
          formatShape(built)
        }.`,
    );
  }
}

/**
 * The saved config entries of a sliding-window layer, under Keras's names
 * and in its order: the window (`kernelSize` or `poolSize`), `strides`,
 * `padding` (the inverse of {@link pair} and {@link padding}).
 */
export function windowConfig(
  windowKey: "kernelSize" | "poolSize",
  window: [number, number],
  strides: [number, number],
  pad: Padding,
): Record<string, unknown> {
  return { [windowKey]: window, strides, padding: pad };
}
