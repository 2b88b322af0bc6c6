/**
 * A download killed mid-way (SIGKILL after its first chunk, like a kernel
 * restart) leaves no file under the final name, only its `.part` temp file;
 * the next download removes that leftover once it is stale.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { downloadFile, STALE_PART_SECONDS } from "../../lib/data/download.ts";
import { listDir, withTempDir } from "./helpers.ts";

const CHILD = new URL("./download_child.ts", import.meta.url).pathname;
const BODY = new Uint8Array(256 * 1024).map((_, i) => i % 251);

Deno.test("a download killed after its first chunk leaves only a .part file, removed by the next download", async () => {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () =>
      new Response(
        new ReadableStream({
          async pull(c) {
            // Several chunks, so the kill lands half-way.
            for (let i = 0; i < BODY.length; i += 16384) {
              c.enqueue(BODY.slice(i, i + 16384));
              await new Promise((r) => setTimeout(r, 5));
            }
            c.close();
          },
        }),
        { headers: { "content-length": String(BODY.length) } },
      ),
  );
  const url = `http://127.0.0.1:${server.addr.port}/mnist.npz`;
  try {
    await withTempDir(async (dir) => {
      const dest = join(dir, "mnist.npz");
      const status = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", CHILD, url, dest],
        env: { CNN_FAULT_AT: "download:after-chunk" },
        stdout: "null",
        stderr: "null",
      }).output();
      assert.equal(status.signal, "SIGKILL");
      const left = await listDir(dir);
      assert.equal(left.length, 1, `${left}`);
      assert.match(left[0], /^mnist\.npz\.tmp-.*\.part$/);
      const past = new Date(Date.now() - (STALE_PART_SECONDS + 1) * 1000);
      await Deno.utime(join(dir, left[0]), past, past);
      const bytes = await downloadFile(url, dest, {
        sha256: null,
        progress: false,
      });
      assert.deepEqual(bytes, BODY);
      assert.deepEqual(await listDir(dir), ["mnist.npz"]);
    });
  } finally {
    await server.shutdown();
  }
});
