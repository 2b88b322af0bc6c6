/**
 * Two checks of `deno task check:hub` that need the Hub restarted: a student's
 * files (a new file and an edited course notebook) survive a Hub restart and
 * the first-login copy does not overwrite them; and the Notebook server's own
 * idle culling (kernels, then the whole server) works, with the timeouts
 * shortened for the check.
 *
 * @module
 */

import { api, type Hub, startHub } from "./server.ts";
import { pidsOfUid } from "./procs.ts";
import { assert } from "./faults.ts";
import { type NotebookRun, startServer, type Student } from "./students.ts";

/** What {@link checkHubRestart} needs from the check. */
export interface RestartContext {
  hub: Hub;
  /** Every Hub started, so the check's cleanup stops them. */
  hubs: Hub[];
  /** Writes the overlay with extra single-user arguments; returns its path. */
  overlayFor: (extraArgs: string[]) => Promise<string>;
  state: string;
  ports: { proxy: number };
  student: Student;
  uids: number[];
  runs: NotebookRun[];
}

/** Single-user options for the restarted Hub: culling within seconds. */
export const CHECK_CULLING = [
  "--MappingKernelManager.cull_idle_timeout=10",
  "--MappingKernelManager.cull_interval=2",
  "--NotebookApp.shutdown_no_activity_timeout=20",
];

async function waitFor(
  what: () => boolean | Promise<boolean>,
  seconds: number,
): Promise<number | null> {
  const start = Date.now();
  while (Date.now() - start < seconds * 1000) {
    if (await what()) return (Date.now() - start) / 1000;
    await new Promise((r) => setTimeout(r, 500));
  }
  return null;
}

/** Stops the Hub, starts it again, and checks the student's files are intact. */
export async function checkHubRestart(
  ctx: RestartContext,
): Promise<{ hub: Hub; summary: string }> {
  const s = ctx.student;
  const note = `notas de ${s.name} ${crypto.randomUUID()}\n`;
  await api(`${s.server}/api/contents/cnn-curso/mis_notas.txt`, s.token, {
    method: "PUT",
    body: JSON.stringify({ type: "file", format: "text", content: note }),
  });
  const nbPath = `${s.server}/api/contents/cnn-curso/notebooks/01_datos.ipynb`;
  const { body } = await api(nbPath, s.token);
  const nb = (body as { content: { cells: unknown[] } }).content;
  const marker = `Mi respuesta ${crypto.randomUUID()}`;
  nb.cells.push({ cell_type: "markdown", metadata: {}, source: marker });
  await api(nbPath, s.token, {
    method: "PUT",
    body: JSON.stringify({ type: "notebook", content: nb }),
  });

  for (const r of ctx.runs) await r.socket.close().catch(() => {});
  await ctx.hub.stop();
  // What matters is that they go; on a loaded 2-core machine the servers
  // shut their kernels down one by one, which took over 30 s once (CI beside
  // two full-mode trainings), so the deadline is generous.
  const gone = await waitFor(
    () => ctx.uids.every((u) => pidsOfUid(u).length === 0),
    120,
  );
  assert(gone !== null, "the students' servers outlived the Hub's shutdown");

  const overlay = await ctx.overlayFor(CHECK_CULLING);
  const hub = await startHub(overlay, ctx.state, ctx.ports, ctx.hub.adminToken);
  ctx.hubs.push(hub);
  await startServer(hub.url, s); // the token is still valid: the Hub kept its database
  const file = await api(
    `${s.server}/api/contents/cnn-curso/mis_notas.txt`,
    s.token,
  );
  assert(
    (file.body as { content: string }).content === note,
    "the student's file changed across the Hub restart",
  );
  const again = await api(nbPath, s.token);
  const text = JSON.stringify((again.body as { content: unknown }).content);
  assert(
    text.includes(marker),
    "the student's edit of 01_datos.ipynb was lost (course copied again?)",
  );
  return {
    hub,
    summary:
      `Hub restarted: ${s.name}'s token, new file and edited notebook survived; servers stopped with the Hub`,
  };
}

/** An idle kernel is culled, then the idle server stops by itself. */
export async function checkCulling(hub: Hub, s: Student): Promise<string> {
  const { body } = await api(`${s.server}/api/kernels`, s.token, {
    method: "POST",
    body: JSON.stringify({ name: "deno" }),
  });
  const id = (body as { id: string }).id;
  const culled = await waitFor(async () => {
    const r = await api(`${s.server}/api/kernels`, s.token, {}, [200, 503]);
    return Array.isArray(r.body) &&
      !(r.body as { id: string }[]).some((k) => k.id === id);
  }, 60);
  assert(culled !== null, "an idle kernel was not culled within 60 s");
  const stopped = await waitFor(() => pidsOfUid(s.uid).length === 0, 150);
  assert(stopped !== null, "the idle server did not stop within 150 s");
  void hub;
  return `idle kernel culled after ${
    culled.toFixed(0)
  } s; idle server stopped itself ${stopped.toFixed(0)} s later`;
}
