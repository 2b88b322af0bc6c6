import assert from "node:assert/strict";
import { join } from "node:path";
import { DataError, loadMnistBytes } from "../../lib/data/mod.ts";
import { sha256Hex } from "../../lib/data/checksum.ts";
import { FIXTURES, listDir, withTempDir } from "./helpers.ts";
import { STAMPS_NAME } from "../../lib/data/verified_stamps.ts";

const NPZ = await Deno.readFile(new URL("mnist_tiny.npz", FIXTURES));
const NPZ_SHA = await sha256Hex(NPZ);

/** Runs `fn` against a local HTTP server answering every request with `handler`. */
async function withServer(
  handler: (req: Request) => Response | Promise<Response>,
  fn: (url: string) => Promise<void>,
): Promise<void> {
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen() {},
    onError: () => new Response(null, { status: 500 }),
  }, handler);
  try {
    await fn(
      `http://127.0.0.1:${server.addr.port}/tensorflow/tf-keras-datasets/mnist.npz`,
    );
  } finally {
    await server.shutdown();
  }
}

/** A body that sends the first `sent` bytes, then fails, so the server drops the connection. */
function dropsHalfway(sent: number): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      controller.enqueue(NPZ.slice(0, sent));
      // Give the server a moment to flush the first half before aborting.
      return new Promise((r) => setTimeout(r, 20)).then(() =>
        controller.error(new Error("killed"))
      );
    },
  });
}

Deno.test("download: Keras-style progress, saved to data/mnist.npz, reused afterwards", async () => {
  await withTempDir(async (dataDir) => {
    await withServer(
      () =>
        new Response(NPZ, {
          headers: { "content-length": String(NPZ.length) },
        }),
      async (url) => {
        const lines: string[] = [];
        const m = await loadMnistBytes({
          dataDir,
          sources: ["download"],
          npzUrl: url,
          sha256: { npz: NPZ_SHA },
          progress: (line) => lines.push(line),
        });
        assert.deepEqual(Array.from(m.yTrain), [5, 0, 4, 1, 9]);
        assert.equal(lines[0], `Downloading data from ${url}`);
        assert.match(
          lines.at(-1)!,
          new RegExp(
            `^${NPZ.length}/${NPZ.length} \\[={30}\\] - \\d+s \\d+us/step$`,
          ),
        );
        // The download and the stamp of its SHA-256 check, nothing else.
        assert.deepEqual(await listDir(dataDir), [STAMPS_NAME, "mnist.npz"]);
        assert.deepEqual(await Deno.readFile(join(dataDir, "mnist.npz")), NPZ);
      },
    );
    // Second load: served from data/ with the network gone.
    const again = await loadMnistBytes({
      dataDir,
      sha256: { npz: NPZ_SHA },
      npmDir: null,
      fetch: (() => Promise.reject(new Error("offline"))) as typeof fetch,
    });
    assert.equal(again.source, join(dataDir, "mnist.npz"));
  });
});

Deno.test("download killed half-way: clear error, nothing left under the final name", async () => {
  await withTempDir(async (dataDir) => {
    await withServer(
      () =>
        new Response(dropsHalfway(1000), {
          headers: { "content-length": String(NPZ.length) },
        }),
      async (url) => {
        await assert.rejects(
          loadMnistBytes({
            dataDir,
            sources: ["download"],
            npzUrl: url,
            sha256: { npz: NPZ_SHA },
            progress: false,
          }),
          (e: Error) =>
            e instanceof DataError && e.file === url &&
            /Download of .* was interrupted after \d+ of 2102 bytes/
              .test(e.message) &&
            e.message.includes(
              `nothing was saved as ${join(dataDir, "mnist.npz")}`,
            ) &&
            e.message.includes("Run it again to retry"),
        );
      },
    );
    assert.deepEqual(
      await listDir(dataDir),
      [],
      "no mnist.npz and no leftover .part file",
    );
  });
});

Deno.test("download with a wrong SHA-256 is discarded", async () => {
  await withTempDir(async (dataDir) => {
    await withServer(() => new Response(NPZ), async (url) => {
      await assert.rejects(
        // Default progress sink (stderr) on purpose: it must work outside Jupyter.
        loadMnistBytes({ dataDir, sources: ["download"], npzUrl: url }),
        (e: Error) =>
          e instanceof DataError &&
          e.message.startsWith(
            `SHA-256 mismatch for the download of ${url}: expected 731c5ac6`,
          ) &&
          e.message.includes("nothing was saved"),
      );
    });
    assert.deepEqual(await listDir(dataDir), []);
  });
});

Deno.test("download answered with HTTP 404 names the URL and the status", async () => {
  await withTempDir(async (dataDir) => {
    await withServer(
      () => new Response("gone", { status: 404, statusText: "Not Found" }),
      async (url) => {
        await assert.rejects(
          loadMnistBytes({
            dataDir,
            sources: ["download"],
            npzUrl: url,
            progress: false,
          }),
          (e: Error) =>
            e instanceof DataError &&
            e.message.startsWith(
              `Could not download ${url}: the server answered HTTP 404`,
            ) &&
            e.message.includes(
              `copy mnist.npz or the four IDX files into ${dataDir} by hand`,
            ),
        );
      },
    );
    assert.deepEqual(await listDir(dataDir), []);
  });
});

Deno.test("download with no network reports every source tried and says to connect once", async () => {
  await withTempDir(async (dataDir) => {
    await assert.rejects(
      loadMnistBytes({
        dataDir,
        sources: ["download"],
        progress: false,
        fetch: (() =>
          Promise.reject(
            new TypeError("dns error: no such host"),
          )) as typeof fetch,
      }),
      (e: Error) =>
        e instanceof DataError &&
        e.message.startsWith(
          "MNIST is not available: https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz could not be reached (dns error: no such host)",
        ) && e.message.includes("run once with internet access"),
    );
  });
});
