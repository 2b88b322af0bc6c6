import assert from "node:assert/strict";
import { executeNotebooks } from "../../tools/notebooks/execute.ts";
import { outputTexts } from "../../tools/notebooks/files.ts";
import { fixture, into, tempDir } from "./helpers.ts";

// The course kernelspec uses interrupt_mode "signal"; the lib catches SIGINT
// and stops fit at the next batch (lib/host/interrupt.ts). Deno 2.9.6's
// "message" mode would wedge the kernel here, because fit is awaiting.
Deno.test("an interrupt during fit stops training with KeyboardInterrupt and the kernel trains again, without leaking tensors", async () => {
  const [dir, cleanup] = await tempDir("interrupt");
  try {
    const [r] = await executeNotebooks([fixture("interrupt_fit")], {
      outputPath: into(dir),
      interrupts: [{ cell: 2, afterS: 3, replyTimeoutS: 30 }],
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
    assert.match(
      texts[2],
      /KeyboardInterrupt: training interrupted in epoch \d+\/10000 after batch \d+\/250\. The weights keep the last completed batch; call fit\(\) again to continue\.\n$/,
    );
    assert.equal(texts[3], "sigo vivo true true\n");
  } finally {
    await cleanup();
  }
});
