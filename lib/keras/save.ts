/**
 * Writing a model to a folder in the tfjs layers format, atomically as a
 * whole: the weights go to a new file `weights-<sha>.bin` (never over the
 * old one), then `model.json` — which names that file and records its byte
 * length and SHA-256 — replaces the old manifest with one rename. Both are
 * fsynced first. A crash at any instant leaves the complete old model or the
 * complete new one; leftovers of an interrupted save are removed by the next
 * save (and temp files by the next load).
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import {
  removeTempLeftovers,
  syncDir,
  writeFileAtomic,
} from "../files/atomic.ts";
import { faultPoint } from "../files/fault_points.ts";
import { explainFsError } from "../files/fs_errors.ts";
import { KerasError } from "./errors.ts";
import { join } from "node:path";
import { checkModelPath } from "./paths.ts";
import type { CompiledState } from "../core/types.ts";
import type { Layer } from "./layer.ts";
import {
  isWeightsFileName,
  MODEL_JSON,
  type ModelJSON,
  sha256Hex,
  weightsFileName,
  type WeightSpec,
} from "./model_files.ts";
import { modelTopology } from "./serialization.ts";

export { LEGACY_WEIGHTS_BIN, MODEL_JSON } from "./model_files.ts";
export type { ModelJSON, WeightSpec } from "./model_files.ts";

/** What `saveModel()` needs: a layer that may carry its compile settings (any `Model`). */
export interface SaveableModel extends Layer {
  /** Loss, metrics and optimizer from `compile()`, saved as the training config; `undefined` if not compiled. */
  readonly compiled: CompiledState | undefined;
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

function saveError(dir: string, e: unknown): KerasError {
  if (e instanceof KerasError) return e;
  return new KerasError(
    `model.save("${dir}") failed and left the folder as it was: ${
      explainFsError(e, dir)
    }`,
  );
}

/** Creates `dir` (0755 minus the umask) or checks it is a folder. */
async function ensureFolder(dir: string): Promise<void> {
  try {
    const info = await Deno.stat(dir);
    if (!info.isDirectory) {
      throw new KerasError(
        `model.save("${dir}"): "${dir}" is a file, not a folder. A model is saved as a folder ` +
          `(model.json + weights); choose another path or move that file away.`,
      );
    }
    return;
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw saveError(dir, e);
  }
  try {
    await Deno.mkdir(dir, { recursive: true, mode: 0o755 });
  } catch (e) {
    throw saveError(dir, e);
  }
}

/** The weights file the current `model.json` in `dir` names, if readable. */
async function currentWeightsFile(dir: string): Promise<string | undefined> {
  try {
    const json = JSON.parse(await Deno.readTextFile(join(dir, MODEL_JSON)));
    const name = json?.weightsManifest?.[0]?.paths?.[0];
    return typeof name === "string" && isWeightsFileName(name)
      ? name
      : undefined;
  } catch {
    return undefined;
  }
}

/** Removes weights files no manifest names (left by a save killed before its switch). */
async function removeUnreferenced(dir: string, keep: string[]): Promise<void> {
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && isWeightsFileName(e.name) && !keep.includes(e.name)) {
      await Deno.remove(join(dir, e.name)).catch(() => {});
    }
  }
}

async function weightsBytes(model: SaveableModel, dir: string) {
  const specs: WeightSpec[] = [];
  const chunks: Float32Array[] = [];
  const used = new Set<string>();
  for (const w of model.weightEntries) {
    let name = w.path ?? w.name;
    for (let i = 1; used.has(name); i++) name = `${w.path ?? w.name}_${i}`;
    used.add(name);
    specs.push({ name, shape: [...w.variable.shape], dtype: "float32" });
    const values = Float32Array.from(await w.variable.data() as Float32Array);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      // loadModel refuses such files, so writing one would only replace a good model by a useless one.
      throw new KerasError(
        `model.save("${dir}"): weight "${name}" holds ${
          values[bad]
        } at index ${bad}, so nothing was saved ` +
          `(the folder is left as it was). Training diverged: lower the learning rate or check the data, then train again.`,
      );
    }
    chunks.push(values);
  }
  const all = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.length;
  }
  return { specs, bytes: new Uint8Array(all.buffer) };
}

/**
 * Saves `model` (built) to the folder `dir`, creating it if needed. Replacing
 * an existing model is atomic: a crash leaves the old or the new one, whole.
 *
 * @throws {KerasError} for an empty path, a path that is a file, a read-only
 *   folder or a full disk (the folder is then left as it was)
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
  checkModelPath("model.save", dir);
  if (!model.built) {
    throw new KerasError(
      `Model "${model.name}" is not built, so it has no weights to save. Build it first ` +
        `(model.build([null, 28, 28, 1]), fit or predict).`,
    );
  }
  const topology = modelTopology(model);
  const { specs, bytes } = await weightsBytes(model, dir);
  const sha256 = await sha256Hex(bytes);
  const weightsFile = weightsFileName(sha256);
  const json: ModelJSON = {
    format: "layers-model",
    generatedBy: "cnn-course lib/keras",
    convertedBy: null,
    modelTopology: topology,
    trainingConfig: trainingConfig(model.compiled),
    weightsManifest: [{
      paths: [weightsFile],
      weights: specs,
      byteLength: bytes.length,
      sha256,
    }],
  };
  await ensureFolder(dir);
  let old: string | undefined;
  let switched = false;
  try {
    await removeTempLeftovers(dir, [MODEL_JSON, "weights"]);
    old = await currentWeightsFile(dir);
    await removeUnreferenced(dir, old ? [old] : []);
    faultPoint("save:start");
    await writeFileAtomic(join(dir, weightsFile), bytes, {
      faultPrefix: "save:weights",
    });
    // The switch: until this rename the old model.json (and its weights) is the model.
    await writeFileAtomic(
      join(dir, MODEL_JSON),
      new TextEncoder().encode(JSON.stringify(json, null, 1)),
      { faultPrefix: "save:json" },
    );
    switched = true;
    if (old && old !== weightsFile) {
      await Deno.remove(join(dir, old)).catch(() => {});
      faultPoint("save:after-remove-old");
      await syncDir(dir);
    }
  } catch (e) {
    if (!switched && weightsFile !== old) {
      await Deno.remove(join(dir, weightsFile)).catch(() => {});
    }
    throw saveError(dir, e);
  }
}
