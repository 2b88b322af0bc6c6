/**
 * SHA-256 checks happen once per file version: a second load of unchanged
 * files hashes nothing and gives the same bytes; a rewritten or corrupted
 * file is hashed again (and a bad one refused); a damaged stamps file is
 * reported, ignored and rewritten.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadMnistBytes, MNIST_IDX_FILES } from "../../lib/data/mod.ts";
import { sha256Hex } from "../../lib/data/checksum.ts";
import { PARTS } from "../../lib/data/mnist_files.ts";
import {
  parseStamps,
  STAMPS_NAME,
  VerifiedStamps,
} from "../../lib/data/verified_stamps.ts";
import { listDir, withTempDir, writeTinyIdxSet } from "./helpers.ts";

/** The tiny set's own hashes, so the checks (and the stamps) are exercised. */
async function tinyHashes(dir: string) {
  const hashes: Record<string, string> = {};
  for (const part of PARTS) {
    hashes[part] = await sha256Hex(
      await Deno.readFile(join(dir, MNIST_IDX_FILES[part].name)),
    );
  }
  return hashes;
}

async function load(
  dataDir: string,
  sha256: Record<string, string>,
  rehash = false,
) {
  const hashed: string[] = [];
  const m = await loadMnistBytes({
    dataDir,
    sources: ["data"],
    sha256,
    rehash,
    onHash: (f) => hashed.push(f),
  });
  return { m, hashed };
}

Deno.test("the second load of unchanged files hashes nothing and gives the same bytes", async () => {
  await withTempDir(async (dataDir) => {
    await writeTinyIdxSet(dataDir);
    const sha256 = await tinyHashes(dataDir);
    const first = await load(dataDir, sha256);
    assert.equal(first.hashed.length, 4);
    const stamps = parseStamps(
      await Deno.readTextFile(join(dataDir, STAMPS_NAME)),
    );
    assert.equal(Object.keys(stamps ?? {}).length, 4);
    // Written aside and renamed: no temporary file is left behind.
    assert.deepEqual(
      (await listDir(dataDir)).filter((n) => n.includes(".tmp-")),
      [],
    );
    const second = await load(dataDir, sha256);
    assert.deepEqual(second.hashed, []);
    const uncached = await load(dataDir, sha256, true);
    assert.equal(uncached.hashed.length, 4);
    for (const m of [second.m, uncached.m]) {
      assert.deepEqual(m.xTrain, first.m.xTrain);
      assert.deepEqual(m.yTrain, first.m.yTrain);
      assert.deepEqual(m.xTest, first.m.xTest);
      assert.deepEqual(m.yTest, first.m.yTest);
    }
  });
});

Deno.test("a file changed after its check is hashed again, and refused when it no longer matches", async () => {
  await withTempDir(async (dataDir) => {
    await writeTinyIdxSet(dataDir);
    const sha256 = await tinyHashes(dataDir);
    await load(dataDir, sha256);
    const labels = join(dataDir, MNIST_IDX_FILES.trainLabels.name);
    const bytes = await Deno.readFile(labels);
    // Same bytes, rewritten: the stamp (ctime, maybe inode) differs, so it is checked again.
    await Deno.remove(labels);
    await Deno.writeFile(labels, bytes);
    assert.deepEqual((await load(dataDir, sha256)).hashed, [labels]);
    // Corrupted in place, same size: hashed again and refused.
    bytes[bytes.length - 1] ^= 0xff;
    await Deno.writeFile(labels, bytes);
    await assert.rejects(
      () => load(dataDir, sha256),
      (e: Error) => e.message.includes(`SHA-256 mismatch for ${labels}`),
    );
  });
});

Deno.test("another expected hash is not vouched for by an old stamp", async () => {
  await withTempDir(async (dataDir) => {
    await writeTinyIdxSet(dataDir);
    const stamps = new VerifiedStamps(dataDir);
    const file = join(dataDir, MNIST_IDX_FILES.testLabels.name);
    const sha = await sha256Hex(await Deno.readFile(file));
    await stamps.record(file, sha);
    assert.equal(await stamps.trusted(file, sha), true);
    assert.equal(await stamps.trusted(file, "0".repeat(64)), false);
    assert.equal(await stamps.trusted(join(dataDir, "other"), sha), false);
  });
});

Deno.test("a truncated or foreign stamps file is reported, ignored and rewritten", async () => {
  for (
    const damaged of [
      '{"format": "cnn-verified-sha256-v1", "fil',
      '{"files": []}',
      "[]",
    ]
  ) {
    await withTempDir(async (dataDir) => {
      await writeTinyIdxSet(dataDir);
      const sha256 = await tinyHashes(dataDir);
      await load(dataDir, sha256);
      await Deno.writeTextFile(join(dataDir, STAMPS_NAME), damaged);
      const notes: string[] = [];
      const stamps = new VerifiedStamps(dataDir, (m) => notes.push(m));
      const file = join(dataDir, MNIST_IDX_FILES.testLabels.name);
      assert.equal(await stamps.trusted(file, sha256.testLabels), false);
      assert.equal(notes.length, 1);
      assert.match(
        notes[0],
        /is damaged .* checked again by SHA-256 .* rewritten/,
      );
      await stamps.record(file, sha256.testLabels);
      const rewritten = parseStamps(
        await Deno.readTextFile(join(dataDir, STAMPS_NAME)),
      );
      assert.ok(rewritten?.[file]);
      // A load after the damage hashes every file again, then trusts them.
      assert.equal((await load(dataDir, sha256)).hashed.length, 3);
      assert.deepEqual((await load(dataDir, sha256)).hashed, []);
    });
  }
});
