/**
 * Loading a model saved by `model.save(dir)`: rebuilds the architecture
 * (Sequential, Functional, or a registered subclass), builds it, and assigns
 * the saved weights in order.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { join } from "./paths.ts";
import type { Shape } from "../training/types.ts";
import { formatShape, KerasError } from "./errors.ts";
import type { InputLayer } from "./input_layer.ts";
import type { KerasTensor, Layer } from "./layer.ts";
import { Model } from "./model.ts";
import { MODEL_JSON, type ModelJSON, WEIGHTS_BIN } from "./save.ts";
import { Sequential } from "./sequential.ts";
import {
  type LayerConfig,
  layerFromConfig,
  registeredClass,
} from "./serialization.ts";

// deno-lint-ignore no-explicit-any
type Config = Record<string, any>;
type Ref = [string, number, number];

function rebuildFunctional(config: Config): Model {
  const layers = new Map<string, Layer>();
  const outputs = new Map<string, KerasTensor[][]>();
  const tensor = ([name, node, index]: Ref): KerasTensor => {
    const t = outputs.get(name)?.[node]?.[index];
    if (!t) {
      throw new KerasError(
        `model.json: layer "${name}" node ${node} is used before it is defined.`,
      );
    }
    return t;
  };
  for (
    const spec of config
      .layers as (LayerConfig & { name: string; inbound_nodes: Config[] })[]
  ) {
    const layer = layerFromConfig(spec);
    layers.set(spec.name, layer);
    if (spec.class_name === "InputLayer") {
      outputs.set(spec.name, [[(layer as InputLayer).output]]);
      continue;
    }
    const outs: KerasTensor[][] = [];
    for (const node of spec.inbound_nodes) {
      const ins = (node.inputs as Ref[]).map(tensor);
      outs.push([node.list ? layer.apply(ins) : layer.apply(ins[0])]);
    }
    outputs.set(spec.name, outs);
  }
  const inputs = (config.input_layers as Ref[]).map(tensor);
  const outs = (config.output_layers as Ref[]).map(tensor);
  return new Model({
    name: config.name,
    inputs: inputs.length === 1 ? inputs[0] : inputs,
    outputs: outs.length === 1 ? outs[0] : outs,
  });
}

function rebuild(topology: Config): Model {
  const { class_name: className, config } = topology;
  if (className === "Sequential") {
    const model = new Sequential({ name: config.name });
    for (const spec of config.layers as LayerConfig[]) {
      model.add(layerFromConfig(spec));
    }
    if (config.build_input_shape) {
      model.build(config.build_input_shape as Shape);
    }
    return model;
  }
  if (className === "Functional") return rebuildFunctional(config);
  const cls = registeredClass(className);
  if (!cls) {
    throw new KerasError(
      `model.json holds a subclassed model of class "${className}", which is not registered. ` +
        `Call registerSerializable(${className}) before loadModel().`,
    );
  }
  const model = cls.fromConfig ? cls.fromConfig(config) : new cls(config);
  if (!(model instanceof Model)) {
    throw new KerasError(`Class "${className}" did not produce a Model.`);
  }
  if (topology.build_input_shape) {
    model.build(topology.build_input_shape as Shape);
  }
  return model;
}

function compileFrom(model: Model, training: Config | undefined): void {
  if (!training || typeof training.loss !== "string") return;
  const opt = training.optimizer_config as {
    class_name: string;
    config: Config;
  } | undefined;
  const entry = opt &&
    tf.serialization.SerializationMap.getMap().classNameMap[opt.class_name];
  const optimizer = entry
    ? (entry[1] as unknown as (cls: unknown, cfg: Config) => tf.Optimizer)(
      entry[0],
      opt.config,
    )
    : undefined;
  if (!optimizer) return;
  model.compile({
    optimizer,
    loss: training.loss,
    metrics: training.metrics ?? [],
  });
}

/**
 * Loads a model saved with `model.save(dir)`. Subclassed models need their
 * classes registered with `registerSerializable` first.
 *
 * @example
 * ```ts
 * await model.save("./saved/lenet");
 * const again = await loadModel("./saved/lenet");
 * ```
 */
export async function loadModel(dir: string): Promise<Model> {
  let json: ModelJSON;
  try {
    json = JSON.parse(await Deno.readTextFile(join(dir, MODEL_JSON)));
  } catch (e) {
    throw new KerasError(
      `loadModel("${dir}"): cannot read ${MODEL_JSON} (${
        (e as Error).message
      }). ` +
        `Pass the folder given to model.save().`,
    );
  }
  const model = rebuild(json.modelTopology);
  const bytes = await Deno.readFile(join(dir, WEIGHTS_BIN));
  const data = new Float32Array(bytes.slice().buffer);
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const entries = model.weightEntries;
  if (entries.length !== specs.length) {
    throw new KerasError(
      `loadModel("${dir}"): the rebuilt model has ${entries.length} weights but the file ` +
        `holds ${specs.length}. Was the model's class changed since saving?`,
    );
  }
  let offset = 0;
  entries.forEach((w, i) => {
    const spec = specs[i];
    if (formatShape(spec.shape) !== formatShape(w.variable.shape)) {
      throw new KerasError(
        `loadModel("${dir}"): weight ${i} ("${spec.name}") has shape ${
          formatShape(spec.shape)
        } ` +
          `in the file but ${
            formatShape(w.variable.shape)
          } in the rebuilt model.`,
      );
    }
    const size = w.variable.size;
    tf.tidy(() =>
      w.variable.assign(
        tf.tensor(data.subarray(offset, offset + size), spec.shape),
      )
    );
    offset += size;
  });
  try {
    compileFrom(model, json.trainingConfig);
  } catch {
    // An unknown optimizer leaves the model uncompiled; compile() again to train.
  }
  return model;
}
