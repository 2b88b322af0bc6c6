/**
 * Symbolic tensors for the Functional API: a shape (batch `null`) plus the
 * layer call that produced it, so a `Model` can later replay the graph.
 *
 * @module
 */
import type { Shape } from "../core/types.ts";
import { formatShape } from "../core/format.ts";

/** Something with a name and a class name that can own graph nodes. */
export interface NodeOwner {
  /** Keras name, e.g. `conv2d_1`. */
  readonly name: string;
  /** Inbound nodes: one per call on symbolic tensors. */
  readonly inboundNodes: GraphNode[];
}

/** One call of a layer on symbolic tensors. */
export interface GraphNode {
  /** The layer called. */
  readonly layer: NodeOwner;
  /** Its symbolic inputs (empty for an `InputLayer`). */
  readonly inputs: KerasTensor[];
  /** Whether the layer was called with a list (Concatenate, Add). */
  readonly listInput: boolean;
  /** The symbolic outputs it produced. */
  readonly outputs: KerasTensor[];
}

/** Where a symbolic tensor came from: `layer[nodeIndex][tensorIndex]`. */
export interface KerasHistory {
  /** The producing layer. */
  readonly layer: NodeOwner;
  /** Index of the call in `layer.inboundNodes`. */
  readonly nodeIndex: number;
  /** Index among that call's outputs. */
  readonly tensorIndex: number;
}

/**
 * A symbolic tensor: returned by `Input()` and by `layer.apply(kerasTensor)`.
 * It holds no data; a `Model` built from it runs the recorded layers on real
 * tensors.
 */
export class KerasTensor {
  /** Shape with `null` for the batch dimension. */
  readonly shape: Shape;
  /** The layer call that produced this tensor. */
  readonly history: KerasHistory;

  /** Creates a symbolic tensor; layers do this, users call `Input()`. */
  constructor(shape: Shape, history: KerasHistory) {
    this.shape = [...shape];
    this.history = history;
  }

  /** Number of dimensions, batch included. */
  get rank(): number {
    return this.shape.length;
  }

  /** `<KerasTensor shape=(None, 32), name=dense>` */
  toString(): string {
    return `<KerasTensor shape=${
      formatShape(this.shape)
    }, name=${this.history.layer.name}>`;
  }
}

/** True for a symbolic tensor or a non-empty list of them. */
export function isSymbolic(x: unknown): x is KerasTensor | KerasTensor[] {
  if (x instanceof KerasTensor) return true;
  return Array.isArray(x) && x.length > 0 &&
    x.every((t) => t instanceof KerasTensor);
}

/** Records a call of `layer` and returns its symbolic outputs. */
export function recordNode(
  layer: NodeOwner,
  inputs: KerasTensor[],
  listInput: boolean,
  outputShapes: Shape[],
): KerasTensor[] {
  const nodeIndex = layer.inboundNodes.length;
  const outputs = outputShapes.map((s, tensorIndex) =>
    new KerasTensor(s, { layer, nodeIndex, tensorIndex })
  );
  layer.inboundNodes.push({ layer, inputs, listInput, outputs });
  return outputs;
}
