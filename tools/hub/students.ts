/**
 * What one student does in `deno task check:hub`, through the Hub's REST API
 * and their own Notebook server's REST + websocket API only, with their own
 * token: log in (a token), start the server, open a notebook from
 * ~/cnn-curso, run its code cells, and what the check measures meanwhile.
 *
 * @module
 */

import { api } from "./server.ts";
import {
  type CellOutput,
  type CellRun,
  KernelSocket,
} from "./kernel_client.ts";
import { cpuSeconds, kernelPids, peakRssBytes } from "./procs.ts";

/** A logged-in student of the check's Hub. */
export interface Student {
  name: string;
  uid: number;
  /** The student's own API token (what "logged in" means here). */
  token: string;
  /** `http://127.0.0.1:<proxy>/user/<name>` */
  server: string;
}

/** How one notebook went for one student. */
export interface NotebookRun {
  student: string;
  notebook: string;
  ok: boolean;
  /** Why it failed: the cell (1-based) and its error. */
  failure?: string;
  outputs: CellOutput[];
  /** Seconds from the first execute request to the first output. */
  firstOutputS: number | null;
  wallS: number;
  peakRssBytes: number | null;
  cpuSeconds: number | null;
  kernelId: string;
  kernelPid: number | null;
  socket: KernelSocket;
}

/** The admin service creates `name` in the Hub and a token for it: the login. */
export async function logIn(
  hubUrl: string,
  adminToken: string,
  name: string,
  uid: number,
): Promise<Student> {
  await api(`${hubUrl}/hub/api/users/${name}`, adminToken, { method: "POST" }, [
    201,
    409,
  ]);
  const { body } = await api(
    `${hubUrl}/hub/api/users/${name}/tokens`,
    adminToken,
    {
      method: "POST",
      body: JSON.stringify({ note: "check:hub", expires_in: 3600 }),
    },
  );
  return {
    name,
    uid,
    token: (body as { token: string }).token,
    server: `${hubUrl}/user/${name}`,
  };
}

/** The student starts their own server and waits until it is ready. */
export async function startServer(
  hubUrl: string,
  s: Student,
): Promise<void> {
  await api(`${hubUrl}/hub/api/users/${s.name}/server`, s.token, {
    method: "POST",
  }, [201, 202, 400]); // 400: already running
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const { body } = await api(`${hubUrl}/hub/api/users/${s.name}`, s.token);
    const servers = (body as { servers?: Record<string, { ready: boolean }> })
      .servers ?? {};
    if (servers[""]?.ready) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `${s.name}'s server was not ready within 300 s (see build/hub/hub.log)`,
  );
}

interface NbCell {
  cell_type: string;
  source: string | string[];
}

/** Reads a notebook from the student's home through their server's contents API. */
export async function readNotebook(
  s: Student,
  path: string,
): Promise<{ cells: NbCell[] }> {
  const { body } = await api(`${s.server}/api/contents/${path}`, s.token);
  return (body as { content: { cells: NbCell[] } }).content;
}

/** Opens a notebook session (a Deno kernel whose cwd is the notebook's folder). */
export async function openSession(
  s: Student,
  path: string,
): Promise<{ kernelId: string; socket: KernelSocket }> {
  const { body } = await api(`${s.server}/api/sessions`, s.token, {
    method: "POST",
    body: JSON.stringify({ path, type: "notebook", kernel: { name: "deno" } }),
  });
  const kernelId = (body as { kernel: { id: string } }).kernel.id;
  const ws = s.server.replace(/^http/, "ws") +
    `/api/kernels/${kernelId}/channels?token=${s.token}&session_id=${crypto.randomUUID()}`;
  return { kernelId, socket: await KernelSocket.open(ws) };
}

/**
 * Runs every code cell of `path` in a fresh session, stopping at the first
 * failure, and measures the kernel (peak RSS, CPU seconds) at the end. The
 * kernel is left running (the caller shuts it down or uses it further).
 */
export async function runNotebook(
  s: Student,
  path: string,
  cellTimeoutMs: number,
  verbose = false,
): Promise<NotebookRun> {
  const nb = await readNotebook(s, path);
  const { kernelId, socket } = await openSession(s, path);
  // Each cell's run keeps collecting outputs that arrive late (Deno's kernel
  // sends big ones after "idle"); they are gathered at the end.
  const cells: CellRun[] = [];
  const started = performance.now();
  let first: number | undefined;
  let failure: string | undefined;
  let cellNo = 0;
  for (const cell of nb.cells) {
    cellNo++;
    if (cell.cell_type !== "code") continue;
    const code = Array.isArray(cell.source)
      ? cell.source.join("")
      : cell.source;
    if (!code.trim()) continue;
    const run = await socket.execute(code, { timeoutMs: cellTimeoutMs });
    if (verbose) {
      console.log(
        `   ${s.name} cell ${cellNo}: ${run.status} at ${
          ((performance.now() - started) / 1000).toFixed(1)
        } s, ${run.outputs.length} output(s)`,
      );
    }
    cells.push(run);
    first ??= run.firstOutputAt;
    if (run.status !== "ok") {
      const err = run.outputs.find((o) => o.output_type === "error");
      failure = `cell ${cellNo}: ${run.status}${
        err && err.output_type === "error"
          ? ` (${err.ename}: ${err.evalue})`
          : ""
      }`;
      break;
    }
  }
  const wallS = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 2000)); // the last cell's late outputs
  const outputs = cells.flatMap((c) => c.outputs);
  const pid = newestKernel(s.uid);
  return {
    student: s.name,
    notebook: path,
    ok: failure === undefined,
    failure,
    outputs,
    firstOutputS: first === undefined ? null : (first - started) / 1000,
    wallS,
    peakRssBytes: pid === null ? null : peakRssBytes(pid),
    cpuSeconds: pid === null ? null : await cpuSeconds(pid),
    kernelId,
    kernelPid: pid,
    socket,
  };
}

/** The student's most recently started kernel process (highest PID). */
export function newestKernel(uid: number): number | null {
  const pids = kernelPids(uid);
  return pids.length ? Math.max(...pids) : null;
}

/** Shuts a kernel down through the student's server. */
export async function shutdownKernel(s: Student, id: string): Promise<void> {
  await api(`${s.server}/api/kernels/${id}`, s.token, { method: "DELETE" }, [
    204,
    404,
  ]);
}
