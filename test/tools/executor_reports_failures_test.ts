import assert from "node:assert/strict";
import {
  describeFailure,
  executeNotebooks,
} from "../../tools/notebooks/execute.ts";
import { outputTexts } from "../../tools/notebooks/files.ts";
import { fixture, into, tempDir } from "./helpers.ts";

Deno.test("a failing cell is reported with notebook, cell number and error — syntax errors included", async () => {
  const [dir, cleanup] = await tempDir("fail");
  try {
    const [runtime, syntax] = await executeNotebooks(
      [fixture("runtime_error"), fixture("syntax_error")],
      { outputPath: into(dir) },
    );

    assert.equal(runtime.ok, false);
    assert.equal(runtime.failure?.kind, "error");
    assert.equal(runtime.failure?.cell, 2);
    assert.equal(runtime.failure?.ename, "RangeError");
    const runtimeText = describeFailure(runtime);
    assert.match(runtimeText, /runtime_error\.ipynb, cell 3 /);
    assert.match(runtimeText, /RangeError: fallo a propósito/);
    // Execution stops at the failure; the executed copy shows where.
    const nb = await runtime.notebook();
    assert.deepEqual(outputTexts(nb), [
      "",
      "antes del error\n",
      "RangeError: fallo a propósito\n",
      "",
    ]);

    // The Deno kernel answers a syntax error with no error output at all.
    assert.equal(syntax.ok, false);
    assert.equal(syntax.failure?.cell, 2);
    assert.equal(syntax.failure?.no_error_output, true);
    assert.equal(
      syntax.failure?.syntax,
      "SyntaxError: Expression expected at line 2, column 14",
    );
    assert.match(
      describeFailure(syntax),
      /syntax_error\.ipynb, cell 3 \(`const ok = 1;`\): SyntaxError: Expression expected at line 2, column 14/,
    );
  } finally {
    await cleanup();
  }
});

Deno.test("a cell that runs past the per-cell timeout fails as a timeout", async () => {
  const [dir, cleanup] = await tempDir("timeout");
  try {
    const [r] = await executeNotebooks([fixture("long_loop")], {
      outputPath: into(dir),
      timeoutS: 3,
    });
    assert.equal(r.ok, false);
    assert.equal(r.failure?.kind, "timeout");
    assert.equal(r.failure?.cell, 1);
    assert.match(describeFailure(r), /long_loop\.ipynb, cell 2 .*timed out/);
  } finally {
    await cleanup();
  }
});
