/**
 * Loading a model saved by `model.save(dir)`: rebuilds the architecture
 * (Sequential, Functional, or a registered subclass), builds it, and assigns
 * the saved weights in order.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { removeTempLeftovers } from "../files/atomic.ts";
import { explainFsError } from "../files/fs_errors.ts";
import { checkModelPath } from "./paths.ts";
import type { Shape } from "../core/types.ts";
import { formatShape } from "../core/format.ts";
import { KerasError } from "./errors.ts";
import type { InputLayer } from "./input_layer.ts";
import type { KerasTensor, Layer } from "./layer.ts";
import { Model } from "./model.ts";
import {
  declaredValues,
  fileError,
  MAX_MODEL_JSON_BYTES,
  MODEL_JSON,
  type ModelJSON,
  readInside,
  readVerifiedWeights,
  statInside,
  validateModelJSON,
} from "./model_files.ts";
import { checkTopologySizes } from "./topology_limits.ts";
import { Sequential } from "./sequential.ts";
import {
  type LayerConfig,
  layerFromConfig,
  registeredClass,
} from "./serialization.ts";

// deno-lint-ignore no-explicit-any
type Config = Record<string, any>;
type Ref = [string, number, number];

/**
 * A layer from its saved config; a nested Sequential or Functional model is
 * rebuilt here because `serialization.ts` cannot import the model classes
 * (which import it).
 */
function rebuildLayer(spec: LayerConfig): Layer {
  if (spec.class_name === "Sequential") {
    return Sequential.fromConfig(spec.config, rebuildLayer);
  }
  if (spec.class_name === "Functional") return rebuildFunctional(spec.config);
  return layerFromConfig(spec);
}

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
    const layer = rebuildLayer(spec);
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
    return Sequential.fromConfig(config, rebuildLayer);
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

function compileFrom(
  dir: string,
  model: Model,
  training: Config | undefined,
): void {
  if (!training || typeof training.loss !== "string") return;
  const opt = training.optimizer_config as {
    class_name: string;
    config: Config;
  } | undefined;
  const entry = opt &&
    tf.serialization.SerializationMap.getMap().classNameMap[opt.class_name];
  const uncompiled = (why: string) =>
    console.warn(
      `WARNING: loadModel("${dir}"): ${why}, so the model is loaded uncompiled (its weights are ` +
        `intact). Call model.compile({ optimizer, loss, metrics }) before fit() or evaluate().`,
    );
  if (!entry) {
    uncompiled(
      `the optimizer ${
        JSON.stringify(opt?.class_name)
      } saved in ${MODEL_JSON} is unknown`,
    );
    return;
  }
  try {
    const optimizer =
      (entry[1] as unknown as (cls: unknown, cfg: Config) => tf.Optimizer)(
        entry[0],
        opt.config ?? {},
      );
    model.compile({
      optimizer,
      loss: training.loss,
      metrics: training.metrics ?? [],
    });
  } catch (e) {
    uncompiled(
      `its saved training config could not be restored (${
        (e as Error).message
      })`,
    );
  }
}

/** Frees the variables of a model that failed to load (they would leak otherwise). */
function disposeWeights(model: Model): void {
  for (const w of model.weightEntries) w.variable.dispose();
}

async function readManifest(dir: string): Promise<ModelJSON> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch (e) {
    throw new KerasError(
      `loadModel("${dir}"): ${
        explainFsError(e, dir)
      } Pass the folder given to model.save().`,
    );
  }
  if (!info.isDirectory) {
    throw new KerasError(
      `loadModel("${dir}"): "${dir}" is a file, not a model folder. Pass the folder given to ` +
        `model.save() (it holds ${MODEL_JSON} and a weights-….bin file).`,
    );
  }
  const jsonInfo = await statInside(dir, MODEL_JSON);
  if (jsonInfo.size > MAX_MODEL_JSON_BYTES) {
    throw fileError(
      dir,
      MODEL_JSON,
      `has ${jsonInfo.size} bytes, expected at most ${MAX_MODEL_JSON_BYTES}: it is not a saved model's manifest`,
    );
  }
  const text = await readInside(dir, MODEL_JSON, Deno.readTextFile, dir);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw fileError(
      dir,
      MODEL_JSON,
      `is not valid JSON (${(e as Error).message})`,
    );
  }
  return validateModelJSON(dir, parsed);
}

/**
 * Loads a model saved with `model.save(dir)`. Subclassed models need their
 * classes registered with `registerSerializable` first. Everything is
 * verified before use: the manifest's fields, the weights file's length and
 * SHA-256, finite values, sizes, and every weight's shape.
 *
 * @throws {KerasError} naming the file, what was expected, what was found and what to do
 *
 * @example
 * ```ts
 * await model.save("./saved/lenet");
 * const again = await loadModel("./saved/lenet");
 * ```
 */
export async function loadModel(dir: string): Promise<Model> {
  checkModelPath("loadModel", dir);
  const json = await readManifest(dir);
  // Temp files of a save killed mid-write are never part of a model.
  await removeTempLeftovers(dir, [MODEL_JSON, "weights"]);
  const specs = json.weightsManifest[0].weights;
  const data = await readVerifiedWeights(dir, json);
  checkTopologySizes(dir, json.modelTopology, declaredValues(specs));
  let model: Model;
  try {
    model = rebuild(json.modelTopology);
  } catch (e) {
    if (e instanceof KerasError) {
      throw new KerasError(`loadModel("${dir}"): ${e.message}`);
    }
    throw fileError(
      dir,
      MODEL_JSON,
      `describes an architecture that cannot be rebuilt (${
        (e as Error).message
      })`,
    );
  }
  const entries = model.weightEntries;
  if (entries.length !== specs.length) {
    disposeWeights(model);
    throw fileError(
      dir,
      MODEL_JSON,
      `lists ${specs.length} weights but the rebuilt model has ${entries.length}`,
      "Was the model's class changed since saving? Save it again with the current code.",
    );
  }
  let offset = 0;
  entries.forEach((w, i) => {
    const spec = specs[i];
    if (formatShape(spec.shape) !== formatShape(w.variable.shape)) {
      disposeWeights(model);
      throw fileError(
        dir,
        MODEL_JSON,
        `gives weight ${i} ("${spec.name}") the shape ${
          formatShape(spec.shape)
        }, but the ` +
          `rebuilt model has ${formatShape(w.variable.shape)}`,
        "Was the model's class changed since saving? Save it again with the current code.",
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
  compileFrom(dir, model, json.trainingConfig);
  return model;
}
