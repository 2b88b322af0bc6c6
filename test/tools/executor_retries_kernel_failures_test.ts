import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../../tools/notebooks/files.ts";
import { tempDir } from "./helpers.ts";

// Drives tools/notebooks/execute.py's retry policy with a fake single execution, so
// the test needs no kernel: what matters is which failures get a fresh
// kernel and what is finally reported.
const PROBE = `
import json, sys
sys.path.insert(0, sys.argv[1])
import execute as nb_execute

plan = json.loads(sys.argv[2])
calls = []

def fake(job, spec):
    kind = plan[len(calls)]
    calls.append(kind)
    if kind == "ok":
        return {"cells": []}, {"event": "notebook", "ok": True}
    return {"cells": []}, {"event": "notebook", "ok": False,
                            "failure": {"kind": kind, "message": "ValueError: Invalid Signature"}}

nb_execute.execute_once = fake
nb_execute.write_atomic = lambda nb, path: None
ok = nb_execute.run_notebook({}, {"source": "a.ipynb", "output": sys.argv[3]})
print(json.dumps({"ok": ok, "calls": calls}))
`;

async function runPolicy(plan: string[]) {
  const [dir, cleanup] = await tempDir("retry");
  try {
    const out = await new Deno.Command("/usr/bin/python3", {
      args: [
        "-c",
        PROBE,
        join(ROOT, "tools", "notebooks"),
        JSON.stringify(plan),
        join(dir, "a.ipynb"),
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout).trim().split("\n");
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    return {
      last: JSON.parse(stdout[stdout.length - 1]) as {
        ok: boolean;
        calls: string[];
      },
      stderr: new TextDecoder().decode(out.stderr),
    };
  } finally {
    await cleanup();
  }
}

Deno.test("a kernel failure is retried on a fresh kernel and the success is reported", async () => {
  const { last, stderr } = await runPolicy(["kernel", "ok"]);
  assert.deepEqual(last, { ok: true, calls: ["kernel", "ok"] });
  assert.match(stderr, /retrying with a fresh kernel \(2\/3\)/);
});

Deno.test("kernel failures stop after three attempts and the failure is reported", async () => {
  const { last } = await runPolicy(["kernel", "kernel", "kernel", "ok"]);
  assert.deepEqual(last, { ok: false, calls: ["kernel", "kernel", "kernel"] });
});

Deno.test("a failing cell is the notebook's own error and is not retried", async () => {
  const { last } = await runPolicy(["error", "ok"]);
  assert.deepEqual(last, { ok: false, calls: ["error"] });
});
