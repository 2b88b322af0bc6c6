/**
 * The Keras-style `Layer` base class: naming, deferred build, symbolic calls
 * for the Functional API, eager calls on real tensors, and automatic tracking
 * of sublayers assigned as fields (subclassing API).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Shape } from "../core/types.ts";
import { KerasError } from "./errors.ts";
import {
  type GraphNode,
  isSymbolic,
  KerasTensor,
  recordNode,
} from "./keras_tensor.ts";
import {
  currentTraining,
  dummyInput,
  isShapeList,
  shapeOf,
  type ShapeOrList,
  withTraining,
} from "./call_context.ts";
import { engineVariableName, toSnakeCase, uniqueName } from "./naming.ts";

/** Arguments every layer accepts. */
export interface LayerArgs {
  /** Keras name; defaults to the snake_case class name plus a counter. */
  name?: string;
  /** Set to `false` to freeze the layer's weights. */
  trainable?: boolean;
  /** Input shape without the batch dimension; builds a Sequential at once. */
  inputShape?: number[];
}

/** A named variable owned by a layer (`kernel`, `bias`, `gamma`, …). */
export interface LayerWeight {
  /** Short Keras name, e.g. `kernel`. */
  name: string;
  /** The tfjs variable. */
  variable: tf.Variable;
  /** Whether the optimizer may update it (before the layer's own flag). */
  trainable: boolean;
  /** Path from the top layer, e.g. `ResidualBlock/conv2d_5/kernel` (set by `weightEntries`). */
  path?: string;
}

/** Options of an eager or symbolic call. */
export interface CallOptions {
  /** Training mode (Dropout, BatchNormalization); inherited when omitted. */
  training?: boolean;
}

/**
 * Base class of every layer and model. Subclass it to write a custom layer:
 * assign sublayers as fields and implement `call()`; weights of sublayers are
 * tracked automatically and the layer builds on its first call.
 *
 * @example
 * ```ts
 * class ResidualBlock extends Layer {
 *   conv = Conv2D(8, { kernelSize: 3, padding: "same" });
 *   add = Add();
 *   override call(inputs: tf.Tensor): tf.Tensor {
 *     return this.add.apply([this.conv.apply(inputs), inputs]);
 *   }
 * }
 * ```
 */
export class Layer {
  /** Keras name (`conv2d_1`, or the one given). */
  readonly name: string;
  /** When `false`, the layer's weights count as non-trainable. */
  trainable: boolean;
  /** Symbolic calls of this layer (Functional / Sequential graphs). */
  readonly inboundNodes: GraphNode[] = [];
  /** Input shape with batch (`[null, ...inputShape]`) when given at construction. */
  readonly batchInputShape?: Shape;
  /** Whether the layer has created its weights. */
  protected _built = false;
  /** Input shape the layer was built for (batch `null`). */
  protected _buildShape?: ShapeOrList;
  /** Output shape seen on the first call (batch `null`). */
  protected _seenOutputShape?: ShapeOrList;
  /** Weights created by this layer itself (not by sublayers). */
  protected _ownWeights: LayerWeight[] = [];

  /** Creates the layer; see {@link LayerArgs}. */
  constructor(args: LayerArgs = {}) {
    this.name = args.name ?? uniqueName(toSnakeCase(this.className));
    if (typeof this.name !== "string" || this.name.length === 0) {
      throw new KerasError(
        `A layer name must be a non-empty string; got ${String(args.name)}.`,
      );
    }
    this.trainable = args.trainable ?? true;
    if (args.inputShape !== undefined) {
      this.batchInputShape = [null, ...args.inputShape];
    }
  }

  /** Class name shown by `summary()`, e.g. `Conv2D` or `ResidualBlock`. */
  get className(): string {
    return this.constructor.name;
  }

  /** Whether the layer's weights exist. */
  get built(): boolean {
    return this._built || this.buildsAtInit;
  }

  /**
   * Layers without weights that Keras builds at construction (pooling,
   * Activation, Dropout) override this to return `true`.
   */
  protected get buildsAtInit(): boolean {
    return false;
  }

  /**
   * Sublayers assigned as fields (or inside arrays), in definition order.
   * Fields whose name starts with `_` are internal and skipped.
   */
  get layers(): Layer[] {
    const out: Layer[] = [];
    const seen = new Set<Layer>([this]);
    for (const key of Object.keys(this)) {
      if (key.startsWith("_")) continue;
      const value = (this as Record<string, unknown>)[key];
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (item instanceof Layer && !seen.has(item)) {
          seen.add(item);
          out.push(item);
        }
      }
    }
    return out;
  }

  /** Own weights, then those of sublayers (recursively), without duplicates. */
  get weightEntries(): LayerWeight[] {
    const out: LayerWeight[] = [];
    const seen = new Set<tf.Variable>();
    const visit = (layer: Layer, frozen: boolean, prefix: string) => {
      const f = frozen || !layer.trainable;
      for (const w of layer.ownWeights()) {
        if (seen.has(w.variable)) continue;
        seen.add(w.variable);
        out.push({ ...w, trainable: w.trainable && !f, path: prefix + w.name });
      }
      for (const sub of layer.layers) visit(sub, f, `${prefix}${sub.name}/`);
    };
    visit(this, false, "");
    return out;
  }

  /** All variables: trainable and non-trainable. */
  get weights(): tf.Variable[] {
    return this.weightEntries.map((w) => w.variable);
  }

  /** Variables the optimizer updates. */
  get trainableWeights(): tf.Variable[] {
    return this.weightEntries.filter((w) => w.trainable).map((w) => w.variable);
  }

  /** Variables not trained (e.g. BatchNormalization moving statistics). */
  get nonTrainableWeights(): tf.Variable[] {
    return this.weightEntries.filter((w) => !w.trainable).map((w) =>
      w.variable
    );
  }

  /** Number of scalars in all weights. Throws if the layer is not built. */
  countParams(): number {
    if (!this.built) {
      throw new KerasError(
        `You tried to call countParams() on layer "${this.name}", but the layer isn't built. ` +
          `Build it first, e.g. by calling it on data or with build(inputShape).`,
      );
    }
    return this.weights.reduce((n, v) => n + v.size, 0);
  }

  /** Weights this layer created itself; wrapped tfjs layers override it. */
  protected ownWeights(): LayerWeight[] {
    return this._ownWeights;
  }

  /**
   * Creates a weight of this layer (for custom layers that own variables).
   * The tfjs variable gets a unique engine name; `name` is the Keras one.
   */
  addWeight(
    name: string,
    shape: number[],
    initializer: tf.serialization.Serializable & {
      apply(shape: number[]): tf.Tensor;
    },
    trainable = true,
  ): tf.Variable {
    const variable = tf.tidy(() =>
      tf.variable(
        initializer.apply(shape),
        trainable,
        engineVariableName(`${this.name}/${name}`),
      )
    );
    this._ownWeights.push({ name, variable, trainable });
    return variable;
  }

  /** Input shape used at build, or `undefined` before. */
  get buildInputShape(): ShapeOrList | undefined {
    return this._buildShape;
  }

  /**
   * Creates the weights for inputs of this shape (batch `null`). The default
   * runs `call()` once on zeros, which builds every sublayer; layers with
   * their own weights override it.
   */
  build(inputShape: ShapeOrList): void {
    if (this.built) return;
    tf.tidy(() => {
      withTraining(false, () => {
        const out = this.call(dummyInput(inputShape), false);
        this.checkCallResult(out);
        this._seenOutputShape ??= shapeOf(out as tf.Tensor | tf.Tensor[]);
      });
    });
    this.markBuilt(inputShape);
  }

  /** Records that the layer is built for `inputShape`. */
  protected markBuilt(inputShape: ShapeOrList): void {
    this._built = true;
    this._buildShape ??= inputShape;
  }

  /**
   * The layer's computation on real tensors. Built-in layers implement it;
   * custom layers override it and call sublayers with `.apply()`.
   */
  call(_inputs: tf.Tensor | tf.Tensor[], _training?: boolean): unknown {
    throw new KerasError(
      `Layer "${this.name}" (${this.className}) has no call() method. ` +
        `Subclasses of Layer and Model must implement call(inputs).`,
    );
  }

  /**
   * Output shape for an input shape. The default runs `call()` on zeros,
   * so custom layers need not implement it.
   */
  computeOutputShape(inputShape: ShapeOrList): ShapeOrList {
    let shape: ShapeOrList | undefined;
    tf.tidy(() =>
      withTraining(false, () => {
        const out = this.call(dummyInput(inputShape), false);
        this.checkCallResult(out);
        shape = shapeOf(out as tf.Tensor | tf.Tensor[]);
      })
    );
    return shape as ShapeOrList;
  }

  /**
   * Validates an input shape before building or calling; built-in layers
   * override it to raise clear errors about ranks and channels.
   */
  protected checkInputShape(_inputShape: ShapeOrList): void {}

  /** Throws a clear error when `call()` returned nothing usable. */
  protected checkCallResult(out: unknown): void {
    if (!isTensorResult(out)) {
      const got = out === undefined ? "undefined" : typeof out;
      throw new KerasError(
        `The call() method of "${this.name}" (${this.className}) returned ${got}; ` +
          `it must return a tensor (or a list of tensors). Did you forget a "return"?`,
      );
    }
  }

  /** Output shape shown by `summary()`, or `undefined` for `?`. */
  get summaryOutputShape(): ShapeOrList | undefined {
    const nodes = this.inboundNodes;
    if (nodes.length > 0) {
      const outs = nodes[nodes.length - 1].outputs;
      return outs.length === 1 ? outs[0].shape : outs.map((t) => t.shape);
    }
    if (this._seenOutputShape) return this._seenOutputShape;
    if (this._buildShape) return this.computeOutputShape(this._buildShape);
    return undefined;
  }

  /** Whether `summary()` shows `0 (unbuilt)` instead of a count. */
  get unbuiltForSummary(): boolean {
    return !this.built;
  }

  /**
   * Calls the layer. On symbolic tensors (from `Input()`) it builds the layer
   * if needed and returns symbolic outputs; on real tensors it computes.
   *
   * @example
   * ```ts
   * const a = Input({ shape: [32] });
   * const b = Dense(32).apply(a);           // KerasTensor (None, 32)
   * const y = Dense(2).apply(tf.ones([4, 3])); // tf.Tensor [4, 2]
   * ```
   */
  apply(inputs: KerasTensor, options?: CallOptions): KerasTensor;
  /** Calls the layer on a list of symbolic tensors (merge layers such as `Concatenate` and `Add`). */
  apply(inputs: KerasTensor[], options?: CallOptions): KerasTensor;
  /** Calls the layer on real tensors and returns the computed tensor. */
  apply(inputs: tf.Tensor | tf.Tensor[], options?: CallOptions): tf.Tensor;
  apply(
    inputs: KerasTensor | KerasTensor[] | tf.Tensor | tf.Tensor[],
    options: CallOptions = {},
  ): KerasTensor | tf.Tensor {
    if (isSymbolic(inputs)) return this.symbolicCall(inputs);
    const real = Array.isArray(inputs) ? inputs : [inputs];
    if (real.length === 0 || !real.every((t) => t instanceof tf.Tensor)) {
      throw new KerasError(
        `Layer "${this.name}" (${this.className}) expects a tensor, a KerasTensor ` +
          `or a list of them; got ${describe(inputs)}.`,
      );
    }
    return this.eagerCall(
      inputs as tf.Tensor | tf.Tensor[],
      options.training ?? currentTraining(),
    );
  }

  /** Records the call in the graph (building the layer on first use) and returns its symbolic output. */
  private symbolicCall(inputs: KerasTensor | KerasTensor[]): KerasTensor {
    const list = Array.isArray(inputs);
    const ins = list ? inputs : [inputs];
    const inShape: ShapeOrList = list ? ins.map((t) => t.shape) : ins[0].shape;
    this.checkInputShape(inShape);
    if (!this.built) this.build(inShape);
    const out = this.computeOutputShape(inShape);
    const outs = isShapeList(out) ? out : [out as Shape];
    const tensors = recordNode(this, ins, list, outs);
    if (tensors.length !== 1) {
      throw new KerasError(
        `Layer "${this.name}" returned ${tensors.length} outputs; only single-output layers are supported.`,
      );
    }
    return tensors[0];
  }

  /** Runs `call()` on real tensors inside a tidy, building the layer on first use. */
  private eagerCall(
    inputs: tf.Tensor | tf.Tensor[],
    training: boolean,
  ): tf.Tensor {
    const inShape = shapeOf(inputs);
    this.checkInputShape(inShape);
    const buildByCall = !this.built && this.build === Layer.prototype.build;
    if (!this.built && !buildByCall) this.build(inShape);
    // tidy keeps a model's intermediate activations from leaking when it is
    // called outside the training loop's own tidy.
    let returned: unknown;
    const out = tf.tidy(() => {
      returned = withTraining(training, () => this.call(inputs, training));
      return isTensorResult(returned) ? returned : undefined;
    });
    this.checkCallResult(out ?? returned);
    const result = out as tf.Tensor | tf.Tensor[];
    if (buildByCall) this.markBuilt(inShape);
    this._seenOutputShape ??= shapeOf(result);
    if (Array.isArray(result)) {
      if (result.length !== 1) {
        throw new KerasError(
          `Layer "${this.name}" returned ${result.length} tensors; only single-output layers are supported.`,
        );
      }
      return result[0];
    }
    return result;
  }

  /**
   * Keras-like configuration of the layer (constructor arguments), used by
   * `save()`. Custom layers override it to make themselves saveable.
   */
  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable };
  }
}

function isTensorResult(out: unknown): out is tf.Tensor | tf.Tensor[] {
  return out instanceof tf.Tensor ||
    (Array.isArray(out) && out.length > 0 &&
      out.every((t) => t instanceof tf.Tensor));
}

function describe(x: unknown): string {
  if (Array.isArray(x)) return `a list of ${x.length} items`;
  if (x === null || x === undefined) return String(x);
  return typeof x === "object"
    ? (x.constructor?.name ?? "an object")
    : typeof x;
}

export { isShapeList, KerasTensor, shapeOf, withTraining };
export type { ShapeOrList };
