import assert from "node:assert/strict";
import { join } from "node:path";
import { proxyPython } from "../../tools/notebooks/kernelspec.ts";
import { ROOT } from "../../tools/notebooks/files.ts";

// Deno 2.9.6's kernel sometimes writes a whole iopub message (the cell's
// idle) inside a large one still in flight (the first figure, 4.6 MB), so
// the large one fails its signature and the idle is never seen: in
// check:hub the Notebook logged "Invalid Signature" and the cell hung. The
// proxy must recover the embedded message, say in the cell that an output
// was lost, and keep going. wire_repair_check.py builds such messages
// (non-ASCII text, long frames, another kernel's key, a cut one) and runs
// the proxy around a fake kernel that garbles its first cell that way.

interface Recovered {
  msg_type: string;
  content: Record<string, unknown>;
  parent: boolean;
  same_id: boolean;
}
interface Case {
  rejected: string | null;
  recovered: Recovered[];
  damaged_type: string | null;
  damaged_parent: boolean;
}
interface Cell {
  reply: string;
  iopub: { msg_type: string; content: Record<string, unknown> }[];
}
interface Observed {
  idle_in_figure: Case;
  long_frame_inside: Case;
  cut_inside: Case;
  other_key_inside: Case;
  flipped_byte: { rejected: string; recovered: number; damaged_type: string };
  proxy: { cells: Cell[]; alive: boolean; stderr: string };
}

async function observe(): Promise<Observed> {
  const python = await proxyPython();
  assert.ok(python, "a Python with zmq and jupyter_client");
  const out = await new Deno.Command(python, {
    args: [
      join(ROOT, "test", "tools", "fixtures", "wire_repair_check.py"),
      join(ROOT, "tools", "notebooks"),
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const err = new TextDecoder().decode(out.stderr);
  assert.ok(out.success, `wire_repair_check.py failed:\n${err}`);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

const observed = observe();

Deno.test("a message Deno wrote inside a large one is recovered whole and verifies with jupyter_client", async () => {
  const o = await observed;
  for (const c of [o.idle_in_figure, o.long_frame_inside]) {
    assert.equal(c.rejected, "Invalid Signature", "the garbled message fails");
    assert.equal(c.recovered.length, 1);
    assert.ok(c.recovered[0].parent && c.recovered[0].same_id);
    assert.equal(c.damaged_type, "display_data");
    assert.ok(c.damaged_parent, "the damaged message's parent is read");
  }
  assert.equal(o.idle_in_figure.recovered[0].msg_type, "status");
  assert.deepEqual(o.idle_in_figure.recovered[0].content, {
    execution_state: "idle",
  });
  const stream = o.long_frame_inside.recovered[0];
  assert.equal(stream.msg_type, "stream");
  assert.equal(stream.content.text, "Época ñ 📈 ".repeat(100));
});

Deno.test("what cannot be verified is never passed on: a cut message, another kernel's, a flipped byte", async () => {
  const o = await observed;
  assert.deepEqual(o.cut_inside.recovered, []);
  assert.deepEqual(o.other_key_inside.recovered, []);
  assert.equal(o.flipped_byte.rejected, "Invalid Signature");
  assert.equal(o.flipped_byte.recovered, 0);
  assert.equal(o.flipped_byte.damaged_type, "stream");
});

Deno.test("through the proxy, a garbled figure becomes a note in its cell, the cell ends and the next one runs", async () => {
  const { proxy } = await observed;
  assert.ok(proxy.alive, `the proxy died:\n${proxy.stderr}`);
  const [first, second] = proxy.cells;
  assert.equal(first.reply, "ok");
  assert.deepEqual(first.iopub.map((m) => m.msg_type), [
    "status",
    "execute_input",
    "stream",
    "status",
  ]);
  assert.equal(first.iopub[2].content.name, "stderr");
  assert.match(
    String(first.iopub[2].content.text),
    /display_data, 5\.0 MB\) llegó dañada del núcleo de Deno/,
  );
  assert.deepEqual(first.iopub[3].content, { execution_state: "idle" });
  assert.match(proxy.stderr, /1 whole message\(s\) recovered/);
  assert.equal(second.reply, "ok");
  assert.deepEqual(second.iopub.map((m) => m.msg_type), [
    "status",
    "execute_input",
    "stream",
    "status",
  ]);
  assert.equal(second.iopub[2].content.text, "celda 2: ñ\n");
});
