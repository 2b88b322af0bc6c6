import assert from "node:assert/strict";
import { executeNotebooks } from "../../tools/execute.ts";
import { outputTexts } from "../../tools/notebook_files.ts";
import { fixture, into, tempDir } from "./helpers.ts";

// Deno 2.9.6's kernel stops a synchronous loop on an interrupt_request and
// stays usable; a cell that is awaiting when interrupted never answers again
// (see tools/interrupt_check.py), which is why the loop here is synchronous.
Deno.test("an interrupt (interrupt_mode message) stops a long loop and the kernel runs the next cell", async () => {
  const [dir, cleanup] = await tempDir("interrupt");
  try {
    const [r] = await executeNotebooks([fixture("long_loop")], {
      outputPath: into(dir),
      interrupts: [{ cell: 1, afterS: 2, replyTimeoutS: 20 }],
    });
    assert.equal(r.interrupts.length, 1);
    const [rec] = r.interrupts;
    assert.equal(rec.interrupt_sent, true);
    assert.equal(rec.status, "error", "the interrupted cell ends in an error");
    assert.ok(
      rec.seconds_to_stop < 10,
      `stopped after ${rec.seconds_to_stop} s`,
    );
    assert.equal(r.ok, true, "the notebook goes on after the interrupted cell");
    const texts = outputTexts(await r.notebook());
    assert.equal(texts[2], "sigo vivo true\n");
  } finally {
    await cleanup();
  }
});
