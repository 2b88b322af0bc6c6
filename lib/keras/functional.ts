/**
 * The graph behind a Functional model: from the output KerasTensors back to
 * the inputs, ordered like Keras (by depth, then by discovery order), and
 * replayed eagerly on real tensors.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { KerasError } from "./errors.ts";
import type { GraphNode, KerasTensor } from "./keras_tensor.ts";
import type { Layer } from "./layer.ts";

function nodeOf(t: KerasTensor): GraphNode {
  return t.history.layer.inboundNodes[t.history.nodeIndex];
}

/** A directed acyclic graph of layer calls between inputs and outputs. */
export class FunctionalGraph {
  /** Symbolic inputs, in the order `call()` expects them. */
  readonly inputs: KerasTensor[];
  /** Symbolic outputs. */
  readonly outputs: KerasTensor[];
  /** Nodes in execution order (inputs first). */
  readonly nodes: GraphNode[];
  /** Layers in Keras's display order (input layers first). */
  readonly layers: Layer[];
  /** Depth of each node: longest distance to an output. */
  readonly depths: Map<GraphNode, number>;

  /** Traces the graph; throws if an output does not depend only on `inputs`. */
  constructor(
    inputs: KerasTensor[],
    outputs: KerasTensor[],
    modelName: string,
  ) {
    this.inputs = inputs;
    this.outputs = outputs;
    const inputSet = new Set(inputs);
    const finished = new Set<GraphNode>();
    const inProgress = new Set<GraphNode>();
    const decreasing: GraphNode[] = [];
    const layerIndex = new Map<unknown, number>();

    const visit = (t: KerasTensor) => {
      const node = nodeOf(t);
      if (finished.has(node)) return;
      if (inProgress.has(node)) {
        throw new KerasError(
          `Model "${modelName}": the layer graph has a cycle at "${node.layer.name}".`,
        );
      }
      if (!layerIndex.has(node.layer)) {
        layerIndex.set(node.layer, layerIndex.size);
      }
      inProgress.add(node);
      if (!inputSet.has(t)) {
        if (node.inputs.length === 0) {
          throw new KerasError(
            `Model "${modelName}": output depends on input "${node.layer.name}", which is not ` +
              `in the model's inputs. Pass every Input() the outputs use as inputs.`,
          );
        }
        for (const x of node.inputs) visit(x);
      }
      finished.add(node);
      inProgress.delete(node);
      decreasing.push(node);
    };
    for (const t of outputs) visit(t);

    // Depth = longest distance to an output, as Keras's map_graph computes it.
    const nodeDepth = new Map<GraphNode, number>();
    const layerDepth = new Map<unknown, number>();
    for (const node of [...decreasing].reverse()) {
      let depth = nodeDepth.get(node) ?? 0;
      depth = Math.max(depth, layerDepth.get(node.layer) ?? 0);
      layerDepth.set(node.layer, depth);
      nodeDepth.set(node, depth);
      for (const x of node.inputs) {
        const parent = nodeOf(x);
        if (!finished.has(parent)) continue;
        nodeDepth.set(parent, Math.max(depth + 1, nodeDepth.get(parent) ?? 0));
      }
    }
    this.depths = nodeDepth;
    this.nodes = [...nodeDepth.keys()].sort((a, b) =>
      (nodeDepth.get(b)! - nodeDepth.get(a)!) ||
      (layerIndex.get(a.layer)! - layerIndex.get(b.layer)!)
    );
    const layers = [...layerDepth.keys()] as Layer[];
    this.layers = layers.sort((a, b) =>
      (layerDepth.get(b)! - layerDepth.get(a)!) ||
      (layerIndex.get(a)! - layerIndex.get(b)!)
    );
  }

  /** Whether `node` belongs to this graph (for `Connected to`). */
  has(node: GraphNode): boolean {
    return this.nodes.includes(node);
  }

  /**
   * Runs every layer on real tensors in topological order. Intermediate
   * tensors are disposed by the caller's `tf.tidy`.
   */
  run(xs: tf.Tensor[], training: boolean): tf.Tensor[] {
    if (xs.length !== this.inputs.length) {
      throw new KerasError(
        `The model expects ${this.inputs.length} input(s) but received ${xs.length}.`,
      );
    }
    const values = new Map<KerasTensor, tf.Tensor>();
    this.inputs.forEach((t, i) => values.set(t, xs[i]));
    for (const node of this.nodes) {
      if (node.outputs.every((t) => values.has(t))) continue;
      const args = node.inputs.map((t) => values.get(t)!);
      const layer = node.layer as Layer;
      const y = layer.apply(node.listInput ? args : args[0], { training });
      values.set(node.outputs[0], y);
    }
    return this.outputs.map((t) => values.get(t)!);
  }
}
