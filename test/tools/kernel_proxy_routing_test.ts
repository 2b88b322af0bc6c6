import assert from "node:assert/strict";
import { join } from "node:path";
import {
  checkRouting,
  codeCells,
  type ProxyFigures,
  reproCells,
} from "../../tools/ui/check_routing.ts";
import { PROXY_SOURCE, proxyPython } from "../../tools/notebooks/kernelspec.ts";
import { ROOT } from "../../tools/notebooks/files.ts";
import { tempDir } from "./helpers.ts";
import { freePort } from "../../tools/net/free_port.ts";

// Run All as the Notebook UI does it (every request queued at once, nothing
// read after idle), through the course kernelspec: the plain cells that show
// Deno's bug (docs/deno_kernel_late_output.md), a chapter and an exercise
// solution, in quick mode. The full proof over every chapter, 3 times, is
// `deno task check:routing --repeat 3`.
Deno.test("through the routing proxy every output arrives under its own cell before its idle", async () => {
  const runs = [
    { name: "repro", cwd: ROOT, cells: reproCells() },
    ...[
      "notebooks/02_lenet.ipynb",
      "notebooks/soluciones/01_contar_parametros.ipynb",
    ]
      .map((p) => ({ name: p, path: join(ROOT, p) })).map(async (r) => ({
        name: r.name,
        cwd: join(r.path, ".."),
        cells: await codeCells(r.path),
      })),
  ];
  let proxy: ProxyFigures | undefined;
  const results = await checkRouting(await Promise.all(runs), {
    onProxy: (f) => proxy = f,
  });
  assert.equal(results.length, 3);
  for (const r of results) {
    assert.deepEqual(r.problems, [], `${r.name}: misrouted outputs`);
    assert.equal(r.misrouted, 0);
    assert.deepEqual(r.errors, [], `${r.name}: failed cells`);
    assert.ok(r.outputs >= r.cells / 2, `${r.name}: ${r.outputs} outputs`);
  }
  // Every request went through the proxy, one at a time.
  const cells = results.reduce((s, r) => s + r.cells, 0);
  assert.ok(proxy, "the proxy wrote its log");
  assert.equal(proxy.requests, cells);
});

Deno.test("the Deno kernel dies with the proxy (a restart or a killed server leaves no kernel behind)", async () => {
  const [dir, cleanup] = await tempDir("proxy");
  try {
    const conn = join(dir, "kernel.json");
    await Deno.writeTextFile(
      conn,
      JSON.stringify({
        shell_port: 0,
        iopub_port: 0,
        stdin_port: 0,
        control_port: 0,
        hb_port: 0,
        ip: "127.0.0.1",
        key: "k",
        transport: "tcp",
        signature_scheme: "hmac-sha256",
      }).replace(/: 0/g, () => `: ${freePort()}`),
    );
    // A stand-in kernel that would live for a minute.
    const python = await proxyPython();
    assert.ok(python, "a Python with zmq and jupyter_client runs the proxy");
    const proxy = new Deno.Command(python, {
      args: [PROXY_SOURCE, conn, "--", "sleep", "60"],
      stdout: "null",
      stderr: "null",
    }).spawn();
    let childPid: number | undefined;
    for (let i = 0; i < 100 && childPid === undefined; i++) {
      await new Promise((r) => setTimeout(r, 100));
      childPid = await childOf(proxy.pid);
    }
    assert.ok(childPid, "the proxy started its kernel");
    proxy.kill("SIGKILL");
    await proxy.status;
    let alive = true;
    for (let i = 0; i < 50 && alive; i++) {
      await new Promise((r) => setTimeout(r, 100));
      alive = await isAlive(childPid);
    }
    assert.equal(alive, false, `kernel ${childPid} outlived its proxy`);
  } finally {
    await cleanup();
  }
});

async function childOf(pid: number): Promise<number | undefined> {
  try {
    const text = await Deno.readTextFile(
      `/proc/${pid}/task/${pid}/children`,
    );
    const first = text.trim().split(/\s+/)[0];
    if (!first) return undefined;
    // Only once it runs the kernel (after exec), not while still a fork.
    const comm = (await Deno.readTextFile(`/proc/${first}/comm`)).trim();
    return comm === "sleep" ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

async function isAlive(pid: number): Promise<boolean> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    return !/^\d+ \([^)]*\) Z/.test(stat); // a zombie is dead
  } catch {
    return false;
  }
}
