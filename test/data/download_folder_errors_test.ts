/**
 * A bad data folder at download time — a file, read-only, a full disk —
 * gives a DataError naming the folder and the fix, never a raw OS error and
 * never a file under the final name. The download is created readable by
 * others, and `.part` files of killed downloads are removed next time.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DataError, loadMnistBytes } from "../../lib/data/mod.ts";
import { sha256Hex } from "../../lib/data/checksum.ts";
import {
  removeStaleParts,
  STALE_PART_SECONDS,
} from "../../lib/data/download.ts";
import { FIXTURES, listDir, withTempDir } from "./helpers.ts";
import { STAMPS_NAME } from "../../lib/data/verified_stamps.ts";
import {
  remountReadOnly,
  TMPFS_SKIP,
  withTmpfs,
} from "../keras/fixtures/tmpfs.ts";

const NPZ = await Deno.readFile(new URL("mnist_tiny.npz", FIXTURES));
const NPZ_SHA = await sha256Hex(NPZ);

/** An injected `fetch` answering with `body` (no server, no network). */
const serve = (body: Uint8Array) => () =>
  Promise.resolve(
    new Response(body as Uint8Array<ArrayBuffer>, {
      headers: { "content-length": String(body.length) },
    }),
  );

function download(dataDir: string, body = NPZ, sha: string | null = NPZ_SHA) {
  return loadMnistBytes({
    dataDir,
    sources: ["download"],
    npzUrl: "http://127.0.0.1:9/mnist.npz",
    sha256: { npz: sha },
    fetch: serve(body),
    progress: false,
  });
}

async function rejectsData(
  p: Promise<unknown>,
  folder: string,
  pattern: RegExp,
) {
  const e = await p.then(() => undefined, (e) => e);
  assert.ok(e instanceof DataError, `a DataError, got ${e}`);
  assert.equal(e.file, folder);
  assert.match(e.message, pattern);
  assert.match(
    e.message,
    /Or set `dataDir` to another folder\. Alternatively copy mnist\.npz/,
  );
}

Deno.test("a data folder that is a file, or under a file, is a DataError naming it", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "data");
    await Deno.writeTextFile(file, "x");
    await rejectsData(
      download(file),
      file,
      new RegExp(
        `Cannot create the folder of ${file}/mnist\\.npz .*"${file}" \\(or a folder above it\\) is a file, not a folder`,
      ),
    );
    await rejectsData(
      download(join(file, "sub")),
      join(file, "sub"),
      /is a file, not a folder/,
    );
    assert.equal(await Deno.readTextFile(file), "x");
  });
});

Deno.test("the downloaded file is 0644 minus the umask, and no temp file remains", async () => {
  await withTempDir(async (dataDir) => {
    await download(join(dataDir, "new"));
    // The download and the stamp of its SHA-256 check, nothing else.
    assert.deepEqual(await listDir(join(dataDir, "new")), [
      STAMPS_NAME,
      "mnist.npz",
    ]);
    const umask = Deno.umask();
    assert.equal(
      (await Deno.stat(join(dataDir, "new", "mnist.npz"))).mode! & 0o777,
      0o644 & ~umask,
    );
    assert.equal(
      (await Deno.stat(join(dataDir, "new"))).mode! & 0o777,
      0o755 & ~umask,
    );
  });
});

Deno.test("a .part file of a killed download is removed by the next download; a fresh one is kept", async () => {
  await withTempDir(async (dataDir) => {
    const stale = join(dataDir, "mnist.npz.abc123.part"); // the old naming (Deno.makeTempFile)
    const staleNew = join(dataDir, "mnist.npz.tmp-1234.part");
    const fresh = join(dataDir, "mnist.npz.tmp-fresh.part");
    const other = join(dataDir, "notes.part");
    for (const f of [stale, staleNew, fresh, other]) {
      await Deno.writeFile(f, new Uint8Array(10));
    }
    const past = new Date(Date.now() - (STALE_PART_SECONDS + 5) * 1000);
    for (const f of [stale, staleNew, other]) await Deno.utime(f, past, past);
    await download(dataDir);
    assert.deepEqual(await listDir(dataDir), [
      STAMPS_NAME,
      "mnist.npz",
      "mnist.npz.tmp-fresh.part",
      "notes.part",
    ]);
    await Deno.utime(fresh, past, past);
    assert.deepEqual(await removeStaleParts(dataDir, "mnist.npz"), [
      "mnist.npz.tmp-fresh.part",
    ]);
  });
});

Deno.test({
  name:
    "a full disk during the download is a DataError naming the folder; nothing is left",
  ignore: TMPFS_SKIP !== null,
  fn: async () => {
    await withTmpfs(16, async (dir) => {
      const big = new Uint8Array(64 * 1024);
      await rejectsData(
        download(dir, big, null),
        dir,
        new RegExp(
          `Cannot write ${dir}/mnist\\.npz .*the disk holding "${dir}" is full \\(No space left on device`,
        ),
      );
      assert.deepEqual(await listDir(dir), []);
    });
  },
});

Deno.test({
  name: "a read-only data folder is a DataError naming it and the fix",
  ignore: TMPFS_SKIP !== null,
  fn: async () => {
    await withTmpfs(64, async (dir) => {
      await Deno.mkdir(join(dir, "data"));
      await remountReadOnly(dir);
      await rejectsData(
        download(join(dir, "data")),
        join(dir, "data"),
        /Cannot write .*data\/mnist\.npz .*cannot be written \(Read-only file system.*Choose a folder you can write to/,
      );
      await rejectsData(
        download(join(dir, "other")),
        join(dir, "other"),
        /Cannot create the folder of .*cannot be written \(Read-only file system/,
      );
    });
  },
});
