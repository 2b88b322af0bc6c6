/**
 * Layer and model configurations (Keras-like `{ class_name, config }`), the
 * registry of built-in and user classes, and rebuilding layers from configs.
 *
 * @module
 */
import { KerasError } from "./errors.ts";
import type { FunctionalGraph } from "./functional.ts";
import { InputLayer } from "./input_layer.ts";
import type { Layer } from "./layer.ts";
import { Conv2D, DepthwiseConv2D, SeparableConv2D } from "./layers/conv.ts";
import { Activation, Dropout, Flatten } from "./layers/core.ts";
import { Dense } from "./layers/dense.ts";
import { Add, Concatenate } from "./layers/merge.ts";
import { BatchNormalization } from "./layers/normalization.ts";
import {
  AveragePooling2D,
  GlobalAveragePooling2D,
  MaxPooling2D,
} from "./layers/pooling.ts";

/** A serialised layer: its class name and constructor arguments. */
export interface LayerConfig {
  /** Class name, e.g. `Conv2D` or a registered custom class. */
  class_name: string;
  /** Constructor arguments (from `getConfig()`). */
  config: Record<string, unknown>;
}

/**
 * A config as read back from a saved model: loosely typed so that a
 * class's `fromConfig()` can declare exactly the fields it needs.
 */
// deno-lint-ignore no-explicit-any
export type ConfigObject = Record<string, any>;

const BUILTINS: Record<string, (c: ConfigObject) => Layer> = {
  Conv2D: (c) => Conv2D(c.filters, c as never),
  DepthwiseConv2D: (c) => DepthwiseConv2D(c as never),
  SeparableConv2D: (c) => SeparableConv2D(c.filters, c as never),
  Dense: (c) => Dense(c.units, c),
  Flatten: (c) => Flatten(c),
  Activation: (c) => Activation(c.activation, c),
  Dropout: (c) => Dropout(c.rate, c),
  Concatenate: (c) => Concatenate(c),
  Add: (c) => Add(c),
  BatchNormalization: (c) => BatchNormalization(c),
  MaxPooling2D: (c) => MaxPooling2D(c),
  AveragePooling2D: (c) => AveragePooling2D(c),
  GlobalAveragePooling2D: (c) => GlobalAveragePooling2D(c),
  InputLayer: (c) =>
    new InputLayer({
      shape: c.shape,
      name: c.name,
      batchSize: c.batchSize ?? undefined,
    }),
};

/** A user class that can be rebuilt from its `getConfig()`. */
export interface SerializableClass {
  /** Class name (the registry key). */
  readonly name: string;
  /** Optional factory; otherwise `new cls(config)` is used. */
  fromConfig?(config: ConfigObject): Layer;
  /** Called with the saved config when the class has no static `fromConfig()`. */
  // deno-lint-ignore no-explicit-any
  new (...args: any[]): Layer;
}

const registry = new Map<string, SerializableClass>();

/**
 * Registers a custom Layer or Model subclass so `loadModel()` can rebuild
 * it. The class's `getConfig()` must return what its static `fromConfig()`
 * (or its constructor) needs.
 *
 * @example
 * ```ts
 * class MiniResNet extends Model {
 *   constructor(readonly nFilters: number) { super(); … }
 *   override getConfig() { return { nFilters: this.nFilters }; }
 *   static fromConfig(c: { nFilters: number }) { return new MiniResNet(c.nFilters); }
 * }
 * registerSerializable(MiniResNet);
 * ```
 */
export function registerSerializable(cls: SerializableClass): void {
  if (typeof cls !== "function" || !cls.name) {
    throw new KerasError("registerSerializable() expects a named class.");
  }
  registry.set(cls.name, cls);
}

/** The registered class for a name, if any. */
export function registeredClass(name: string): SerializableClass | undefined {
  return registry.get(name);
}

/** Serialises one layer. */
export function layerConfig(layer: Layer): LayerConfig {
  return { class_name: layer.className, config: layer.getConfig() };
}

/** Rebuilds a layer from its config (built-in or registered class). */
export function layerFromConfig(spec: LayerConfig): Layer {
  const builtin = Object.hasOwn(BUILTINS, spec.class_name)
    ? BUILTINS[spec.class_name]
    : undefined;
  if (builtin) return builtin(spec.config);
  const cls = registry.get(spec.class_name);
  if (!cls) {
    throw new KerasError(
      `Unknown layer class "${spec.class_name}". If it is a custom Layer or Model subclass, ` +
        `call registerSerializable(${spec.class_name}) before loading.`,
    );
  }
  return cls.fromConfig ? cls.fromConfig(spec.config) : new cls(spec.config);
}

interface TopologyModel extends Layer {
  readonly graph?: FunctionalGraph;
}

/**
 * Keras's `Functional.get_config()`: the name, every layer of the graph with
 * its config and inbound nodes, and the graph's input and output tensors,
 * all that the loader needs to rebuild the graph (nested models included:
 * a layer's config is its own `getConfig()`).
 */
export function functionalConfig(
  model: Layer,
  graph: FunctionalGraph,
): Record<string, unknown> {
  // Node indices are renumbered to count only this graph's nodes, so a
  // rebuilt model (where each layer has only these nodes) resolves them.
  const localIndex = (layer: Layer, nodeIndex: number) =>
    layer.inboundNodes.slice(0, nodeIndex).filter((n) => graph.has(n)).length;
  const ref = (
    t: { history: { layer: unknown; nodeIndex: number; tensorIndex: number } },
  ) => {
    const layer = t.history.layer as Layer;
    return [
      layer.name,
      localIndex(layer, t.history.nodeIndex),
      t.history.tensorIndex,
    ];
  };
  const layers = graph.layers.map((layer) => ({
    ...layerConfig(layer),
    name: layer.name,
    inbound_nodes: layer.inboundNodes.filter((n) =>
      graph.has(n) && n.inputs.length > 0
    ).map((n) => ({
      list: n.listInput,
      inputs: n.inputs.map(ref),
    })),
  }));
  return {
    name: model.name,
    trainable: model.trainable,
    layers,
    input_layers: graph.inputs.map(ref),
    output_layers: graph.outputs.map(ref),
  };
}

/**
 * The `modelTopology` saved in `model.json`, Keras's `{ class_name, config }`:
 * a Functional model's graph, or the model's own `getConfig()`. A config
 * that carries its build shape (`Sequential`'s lists its layers too) is the
 * whole topology; a subclassed model's config gets the build shape beside it,
 * and its class must be registered to load.
 */
export function modelTopology(model: TopologyModel): Record<string, unknown> {
  if (model.graph) {
    return {
      class_name: "Functional",
      config: functionalConfig(model, model.graph),
    };
  }
  const topology = layerConfig(model);
  if (Object.hasOwn(topology.config, "build_input_shape")) {
    return { ...topology };
  }
  if (!registry.has(model.className)) {
    throw new KerasError(
      `Cannot save subclassed model "${model.name}": its class ${model.className} is not ` +
        `registered. Implement getConfig() (and a static fromConfig() if the constructor does ` +
        `not take that object), then call registerSerializable(${model.className}).`,
    );
  }
  return { ...topology, build_input_shape: model.buildInputShape ?? null };
}
