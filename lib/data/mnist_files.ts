/**
 * Reading MNIST from files: the four IDX files (plain or `.gz`) or a Keras
 * `mnist.npz`, each checked (format, sizes, SHA-256) and assembled into
 * {@link MnistBytes}. Used by `mnist.ts` for every source.
 *
 * @module
 */
import { gunzipSync } from "fflate";
import { join } from "node:path";
import { DataError } from "./errors.ts";
import { verifySha256 } from "./checksum.ts";
import { parseIdx } from "./idx.ts";
import { readNpz } from "./npz.ts";
import { MNIST_IDX_FILES, type MnistPart } from "./sources.ts";
import type { VerifiedStamps } from "./verified_stamps.ts";

/** How files are checked: stamps of earlier checks, and a hook told of each hash. */
export interface CheckOptions {
  /** Files whose unchanged stamp says they passed already are not hashed again. */
  stamps?: VerifiedStamps;
  /** Called with each file that is hashed (tests count them). */
  onHash?: (file: string) => void;
}

/**
 * {@link verifySha256}, skipped when `stamps` vouch for `file` as it is
 * now, and recorded in `stamps` when it passes.
 */
async function checkFile(
  bytes: Uint8Array,
  expected: string | null,
  file: string,
  remedy: string,
  check: CheckOptions,
): Promise<void> {
  if (expected === null) return;
  if (await check.stamps?.trusted(file, expected)) return;
  check.onHash?.(file);
  await verifySha256(bytes, expected, file, remedy);
  await check.stamps?.record(file, expected);
}

/** MNIST as raw bytes, before it becomes tensors. */
export interface MnistBytes {
  /** Training images, row-major `[n, rows, cols]`. */
  xTrain: Uint8Array;
  /** Training labels. */
  yTrain: Uint8Array;
  /** Test images. */
  xTest: Uint8Array;
  /** Test labels. */
  yTest: Uint8Array;
  /** `[n, rows, cols]` of the training images. */
  trainShape: [number, number, number];
  /** `[n, rows, cols]` of the test images. */
  testShape: [number, number, number];
  /** The file or folder the data came from. */
  source: string;
}

/** The four MNIST parts in Keras order. */
export const PARTS: readonly MnistPart[] = [
  "trainImages",
  "trainLabels",
  "testImages",
  "testLabels",
];

/** True when `path` exists and is a regular file. */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

/** Paths of the four IDX files in `dir` (plain or `.gz`), or `null` unless all exist. */
export async function findIdxFiles(
  dir: string,
): Promise<Record<MnistPart, string> | null> {
  const found: Partial<Record<MnistPart, string>> = {};
  for (const part of PARTS) {
    for (
      const name of [
        MNIST_IDX_FILES[part].name,
        `${MNIST_IDX_FILES[part].name}.gz`,
      ]
    ) {
      const p = join(dir, name);
      if (await isFile(p)) {
        found[part] = p;
        break;
      }
    }
    if (!found[part]) return null;
  }
  return found as Record<MnistPart, string>;
}

/** Names of the IDX files missing from `dir` (neither plain nor `.gz` present), in Keras order. */
export async function missingIdxNames(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (const part of PARTS) {
    const name = MNIST_IDX_FILES[part].name;
    if (
      !(await isFile(join(dir, name))) &&
      !(await isFile(join(dir, `${name}.gz`)))
    ) missing.push(name);
  }
  return missing;
}

/** `"no IDX files in <dir>"`, or which of the four are missing when some are there. */
export async function describeIdxGap(
  dir: string,
  what: string,
): Promise<string> {
  const missing = await missingIdxNames(dir);
  return missing.length === PARTS.length
    ? `no ${what}IDX files in ${dir}`
    : `only ${
      PARTS.length - missing.length
    } of the 4 IDX files in ${dir} (missing: ${missing.join(", ")})`;
}

/** Reads a file, gunzipping it when its name ends in `.gz`. */
async function readBytes(path: string, remedy: string): Promise<Uint8Array> {
  const raw = await Deno.readFile(path);
  if (!path.endsWith(".gz")) return raw;
  try {
    return gunzipSync(raw);
  } catch (e) {
    throw new DataError(
      path,
      `${path} is not a valid gzip file (${
        (e as Error).message
      }): it is truncated or corrupt. ${remedy}`,
      { cause: e },
    );
  }
}

/**
 * Reads, validates and SHA-256-checks the four IDX files.
 * `remedy(file)` says what to do when `file` is bad.
 */
export async function readIdxFiles(
  files: Record<MnistPart, string>,
  source: string,
  hashes: Record<MnistPart | "npz", string | null>,
  remedy: (file: string) => string,
  check: CheckOptions = {},
): Promise<MnistBytes> {
  const arrays = {} as Record<MnistPart, { shape: number[]; data: Uint8Array }>;
  for (const part of PARTS) {
    const f = files[part];
    const bytes = await readBytes(f, remedy(f));
    arrays[part] = parseIdx(
      bytes,
      f,
      { ndims: MNIST_IDX_FILES[part].ndims },
      remedy(f),
    );
    await checkFile(bytes, hashes[part], f, remedy(f), check);
  }
  return assemble(
    [
      arrays.trainImages,
      arrays.trainLabels,
      arrays.testImages,
      arrays.testLabels,
    ],
    [files.trainImages, files.trainLabels, files.testImages, files.testLabels],
    source,
  );
}

/** Reads, SHA-256-checks and validates a Keras-layout `mnist.npz`. */
export async function readNpzFile(
  path: string,
  sha256: string | null,
  remedy: string,
  check: CheckOptions = {},
): Promise<MnistBytes> {
  const bytes = await Deno.readFile(path);
  await checkFile(bytes, sha256, path, remedy, check);
  const a = readNpz(
    bytes,
    path,
    ["x_train", "y_train", "x_test", "y_test"],
    remedy,
  );
  const names = ["x_train", "y_train", "x_test", "y_test"].map((n) =>
    `${path}:${n}.npy`
  );
  for (const [i, arr] of [a.x_train, a.y_train, a.x_test, a.y_test].entries()) {
    const want = i % 2 === 0 ? 3 : 1;
    if (arr.shape.length !== want) {
      throw new DataError(
        path,
        `${names[i]} has shape [${
          arr.shape.join(", ")
        }], expected ${want} dimensions. ${remedy}`,
      );
    }
  }
  return assemble([a.x_train, a.y_train, a.x_test, a.y_test], names, path);
}

type Arr = { shape: number[]; data: Uint8Array };

function assemble(
  [xTr, yTr, xTe, yTe]: Arr[],
  names: string[],
  source: string,
): MnistBytes {
  for (
    const [x, y, nx, ny] of [[xTr, yTr, names[0], names[1]], [
      xTe,
      yTe,
      names[2],
      names[3],
    ]] as const
  ) {
    if (x.shape[0] !== y.shape[0]) {
      throw new DataError(
        nx,
        `${nx} holds ${x.shape[0]} images but ${ny} holds ${
          y.shape[0]
        } labels; they must match. ` +
          "One of the files belongs to another data set: replace both with the original MNIST files.",
      );
    }
  }
  return {
    xTrain: xTr.data,
    yTrain: yTr.data,
    xTest: xTe.data,
    yTest: yTe.data,
    trainShape: xTr.shape as [number, number, number],
    testShape: xTe.shape as [number, number, number],
    source,
  };
}
