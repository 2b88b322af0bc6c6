/**
 * Writing a model to a folder in the tfjs layers format: `model.json`
 * (topology + weights manifest) and `weights.bin` (float32 data), each
 * written to a temporary file and renamed so no half-written file remains.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { join } from "./paths.ts";
import type { CompiledState } from "../training/types.ts";
import type { Layer } from "./layer.ts";
import { modelTopology } from "./serialization.ts";

/** Name of the topology file inside a saved model folder. */
export const MODEL_JSON = "model.json";
/** Name of the weights file inside a saved model folder. */
export const WEIGHTS_BIN = "weights.bin";

/** One entry of the tfjs weights manifest. */
export interface WeightSpec {
  /** Weight path, e.g. `C1/kernel`. */
  name: string;
  /** Its shape. */
  shape: number[];
  /** Always `float32` here. */
  dtype: "float32";
}

/** The saved `model.json`. */
export interface ModelJSON {
  /** Always `"layers-model"`. */
  format: "layers-model";
  /** Producer. */
  generatedBy: string;
  /** Not converted from Python. */
  convertedBy: null;
  /** Keras-like topology (see `serialization.ts`). */
  modelTopology: Record<string, unknown>;
  /** Loss, metrics and optimizer of a compiled model. */
  trainingConfig?: Record<string, unknown>;
  /** Weight names, shapes and the file holding them. */
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

/** What `saveModel()` needs: a layer that may carry its compile settings (any `Model`). */
export interface SaveableModel extends Layer {
  /** Loss, metrics and optimizer from `compile()`, saved as the training config; `undefined` if not compiled. */
  readonly compiled: CompiledState | undefined;
}

async function writeAtomic(path: string, data: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${crypto.randomUUID()}`;
  try {
    await Deno.writeFile(tmp, data);
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

function trainingConfig(compiled: CompiledState | undefined) {
  if (!compiled) return undefined;
  const opt = compiled.optimizer as tf.Optimizer & {
    getConfig?: () => unknown;
  };
  return {
    loss: compiled.lossName,
    metrics: compiled.metrics,
    optimizer_config: {
      class_name: opt.getClassName(),
      config: opt.getConfig?.() ?? {},
    },
  };
}

/**
 * Saves `model` (built) to the folder `dir`, creating it if needed.
 *
 * @example
 * ```ts
 * await saveModel(model, "./saved/lenet");
 * const again = await loadModel("./saved/lenet");
 * ```
 */
export async function saveModel(
  model: SaveableModel,
  dir: string,
): Promise<void> {
  if (!model.built) {
    throw new Error(
      `Model "${model.name}" is not built, so it has no weights to save. Build it first ` +
        `(model.build([null, 28, 28, 1]), fit or predict).`,
    );
  }
  const topology = modelTopology(model);
  const entries = model.weightEntries;
  const specs: WeightSpec[] = [];
  const chunks: Float32Array[] = [];
  const used = new Set<string>();
  for (const w of entries) {
    let name = w.path ?? w.name;
    for (let i = 1; used.has(name); i++) name = `${w.path ?? w.name}_${i}`;
    used.add(name);
    specs.push({ name, shape: [...w.variable.shape], dtype: "float32" });
    chunks.push(Float32Array.from(await w.variable.data() as Float32Array));
  }
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const all = new Float32Array(total);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.length;
  }
  const json: ModelJSON = {
    format: "layers-model",
    generatedBy: "cnn-course lib/keras",
    convertedBy: null,
    modelTopology: topology,
    trainingConfig: trainingConfig(model.compiled),
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: specs }],
  };
  await Deno.mkdir(dir, { recursive: true });
  await writeAtomic(join(dir, WEIGHTS_BIN), new Uint8Array(all.buffer));
  await writeAtomic(
    join(dir, MODEL_JSON),
    new TextEncoder().encode(JSON.stringify(json, null, 1)),
  );
}
