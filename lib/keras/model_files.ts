/**
 * The files of a saved model folder and their checks. `model.json` is the
 * manifest, written last: it names the weights file (`weights-<sha>.bin`, a
 * new name for each content) and records its byte length and SHA-256, so
 * replacing `model.json` with one rename switches the whole model at once.
 * Reading verifies everything before a single tensor is allocated.
 *
 * @module
 */
import { explainFsError } from "../files/fs_errors.ts";
import { KerasError } from "./errors.ts";
import { join } from "node:path";

/** Name of the topology file (the manifest) inside a saved model folder. */
export const MODEL_JSON = "model.json";
/** Weights file name of models saved before manifests recorded a checksum (still loadable). */
export const LEGACY_WEIGHTS_BIN = "weights.bin";
/** A model.json larger than this is not a model.json (refused before reading). */
export const MAX_MODEL_JSON_BYTES = 64 * 1024 * 1024;

/** One entry of the tfjs weights manifest. */
export interface WeightSpec {
  /** Weight path, e.g. `C1/kernel`. */
  name: string;
  /** Its shape. */
  shape: number[];
  /** Always `float32` here. */
  dtype: "float32";
}

/** One group of the weights manifest: one file and the weights it holds, in order. */
export interface WeightsGroup {
  /** The file, relative to the folder (one file). */
  paths: string[];
  /** The weights, in file order. */
  weights: WeightSpec[];
  /** Size of the file in bytes (absent in models saved by older versions). */
  byteLength?: number;
  /** Lowercase hex SHA-256 of the file (absent in models saved by older versions). */
  sha256?: string;
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
  weightsManifest: WeightsGroup[];
}

/** The name a weights file with this SHA-256 gets: a new content never overwrites the old file. */
export function weightsFileName(sha256: string): string {
  return `weights-${sha256.slice(0, 16)}.bin`;
}

/** True for names `saveModel` gives weights files (current and legacy). */
export function isWeightsFileName(name: string): boolean {
  return name === LEGACY_WEIGHTS_BIN ||
    /^weights-[0-9a-f]{16}\.bin$/.test(name);
}

/** Lowercase hex SHA-256 of `bytes`. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest(
    "SHA-256",
    bytes as Uint8Array<ArrayBuffer>,
  );
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/** A KerasError about `file` of the model in `dir`: what is wrong, then what to do. */
export function fileError(
  dir: string,
  file: string,
  problem: string,
  fix =
    "Restore the folder from a backup, or save the model again from the code that built it.",
): KerasError {
  return new KerasError(
    `loadModel("${dir}"): ${join(dir, file)} ${problem}. ${fix}`,
  );
}

/**
 * Reads `file` of the model in `dir` with `read` (`Deno.readFile` or
 * `Deno.readTextFile`); a failure becomes a {@link fileError} whose reason
 * is explained for `named`, the path each caller's message names (the
 * folder for the manifest, the file itself for the weights).
 */
export async function readInside<T>(
  dir: string,
  file: string,
  read: (path: string) => Promise<T>,
  named: string,
): Promise<T> {
  try {
    return await read(join(dir, file));
  } catch (e) {
    throw fileError(
      dir,
      file,
      `cannot be read: ${explainFsError(e, named)}`,
      "",
    );
  }
}

/** `lstat` of a file inside the model folder that must be a regular file, not a link. */
export async function statInside(
  dir: string,
  file: string,
): Promise<Deno.FileInfo> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(join(dir, file));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw fileError(
        dir,
        file,
        "is missing",
        file === MODEL_JSON
          ? "Pass the folder given to model.save() (it holds model.json and a weights-….bin file)."
          : undefined,
      );
    }
    throw fileError(dir, file, `cannot be read: ${explainFsError(e, dir)}`, "");
  }
  if (info.isSymlink) {
    throw fileError(
      dir,
      file,
      "is a symbolic link; loadModel reads only regular files inside the model folder " +
        "(a link could point anywhere)",
      "Replace the link with a copy of the file it points to.",
    );
  }
  if (!info.isFile) {
    throw fileError(dir, file, "is not a regular file");
  }
  return info;
}

// deno-lint-ignore no-explicit-any
type Json = any;

function fieldError(dir: string, field: string, want: string, got: unknown) {
  const found = got === undefined
    ? "it is missing"
    : `found ${JSON.stringify(got)?.slice(0, 80)}`;
  return fileError(
    dir,
    MODEL_JSON,
    `has an invalid field "${field}": expected ${want}, ${found}`,
  );
}

const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks the structure of a parsed `model.json` and returns it typed.
 * Every problem names the field, what was expected and what was found.
 */
export function validateModelJSON(dir: string, json: unknown): ModelJSON {
  if (!isObject(json)) {
    throw fieldError(
      dir,
      "(top level)",
      "an object with modelTopology and weightsManifest",
      json,
    );
  }
  const topo = json.modelTopology;
  if (!isObject(topo)) {
    throw fieldError(dir, "modelTopology", "an object", topo);
  }
  if (typeof topo.class_name !== "string") {
    throw fieldError(
      dir,
      "modelTopology.class_name",
      'a class name such as "Sequential"',
      topo.class_name,
    );
  }
  if (!isObject(topo.config)) {
    throw fieldError(dir, "modelTopology.config", "an object", topo.config);
  }
  if (
    (topo.class_name === "Sequential" || topo.class_name === "Functional") &&
    !Array.isArray(topo.config.layers)
  ) {
    throw fieldError(
      dir,
      "modelTopology.config.layers",
      "a list of layers",
      topo.config.layers,
    );
  }
  for (const [i, l] of (topo.config.layers ?? []).entries()) {
    if (
      !isObject(l) || typeof l.class_name !== "string" || !isObject(l.config)
    ) {
      throw fieldError(
        dir,
        `modelTopology.config.layers[${i}]`,
        "{ class_name, config }",
        l,
      );
    }
  }
  const groups = json.weightsManifest;
  if (!Array.isArray(groups) || groups.length !== 1) {
    throw fieldError(dir, "weightsManifest", "a list with one group", groups);
  }
  const g = groups[0];
  const at = "weightsManifest[0]";
  if (!isObject(g)) throw fieldError(dir, at, "an object", g);
  if (
    !Array.isArray(g.paths) || g.paths.length !== 1 ||
    typeof g.paths[0] !== "string" || !isWeightsFileName(g.paths[0])
  ) {
    throw fieldError(
      dir,
      `${at}.paths`,
      'one file name such as ["weights-0123456789abcdef.bin"] in the same folder',
      g.paths,
    );
  }
  if (!Array.isArray(g.weights)) {
    throw fieldError(dir, `${at}.weights`, "a list of weights", g.weights);
  }
  g.weights.forEach((w: Json, i: number) => {
    const f = `${at}.weights[${i}]`;
    if (!isObject(w) || typeof w.name !== "string") {
      throw fieldError(dir, `${f}.name`, "a string", w?.name);
    }
    if (
      !Array.isArray(w.shape) ||
      !w.shape.every((d: unknown) =>
        Number.isSafeInteger(d) && (d as number) >= 0
      )
    ) {
      throw fieldError(
        dir,
        `${f}.shape`,
        "a list of non-negative integers",
        w.shape,
      );
    }
    if (w.dtype !== "float32") {
      throw fieldError(dir, `${f}.dtype`, '"float32"', w.dtype);
    }
  });
  if (g.sha256 !== undefined || g.byteLength !== undefined) {
    if (typeof g.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(g.sha256)) {
      throw fieldError(
        dir,
        `${at}.sha256`,
        "64 lowercase hex digits",
        g.sha256,
      );
    }
    if (!Number.isSafeInteger(g.byteLength) || g.byteLength < 0) {
      throw fieldError(dir, `${at}.byteLength`, "a byte count", g.byteLength);
    }
  }
  return json as ModelJSON;
}

/** Number of float32 values the manifest declares (may exceed 2**53 for absurd shapes: then Infinity). */
export function declaredValues(specs: readonly WeightSpec[]): number {
  let total = 0;
  for (const s of specs) total += s.shape.reduce((a, b) => a * b, 1);
  return Number.isSafeInteger(total) ? total : Infinity;
}

/**
 * Reads the weights file of a validated manifest: refuses a link, checks its
 * size before reading (so an absurd manifest allocates nothing), then its
 * SHA-256 (when recorded) and that every value is finite.
 */
export async function readVerifiedWeights(
  dir: string,
  json: ModelJSON,
): Promise<Float32Array> {
  const group = json.weightsManifest[0];
  const file = group.paths[0];
  const values = declaredValues(group.weights);
  const expected = values * 4;
  const info = await statInside(dir, file);
  const sizes =
    `${expected} bytes (${values} float32 values for ${group.weights.length} weights)`;
  if (group.byteLength !== undefined && group.byteLength !== expected) {
    throw fileError(
      dir,
      MODEL_JSON,
      `records byteLength ${group.byteLength} for ${file}, but its weights need ${sizes}`,
    );
  }
  if (info.size !== expected) {
    throw fileError(
      dir,
      file,
      `has ${info.size} bytes, expected ${sizes} as listed in ${MODEL_JSON}: the file is ` +
        `truncated, was replaced, or belongs to another save`,
    );
  }
  const bytes = await readInside(dir, file, Deno.readFile, join(dir, file));
  if (bytes.length !== expected) {
    throw fileError(
      dir,
      file,
      `changed size while being read (${bytes.length} bytes, expected ${expected})`,
      "Load it again once no other program writes to the folder.",
    );
  }
  if (group.sha256 !== undefined) {
    const actual = await sha256Hex(bytes);
    if (actual !== group.sha256) {
      throw fileError(
        dir,
        file,
        `is damaged: its SHA-256 is ${actual}, expected ${group.sha256} as recorded in ${MODEL_JSON}`,
      );
    }
  }
  const data = bytes.byteOffset % 4 === 0
    ? new Float32Array(bytes.buffer, bytes.byteOffset, values)
    : new Float32Array(bytes.slice().buffer);
  let offset = 0;
  for (const spec of group.weights) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    for (let i = offset; i < offset + n; i++) {
      if (!Number.isFinite(data[i])) {
        throw fileError(
          dir,
          file,
          `holds a non-finite value (${
            data[i]
          }) in weight "${spec.name}" at index ${i - offset}`,
          "The model diverged before it was saved or the file is damaged: retrain (e.g. with a lower learning rate) and save again.",
        );
      }
    }
    offset += n;
  }
  return data;
}
