import assert from "node:assert/strict";
import { executeNotebooks } from "../../tools/notebooks/execute.ts";
import { storedStamp } from "../../tools/notebooks/execution_cache.ts";
import { joinText, outputTexts } from "../../tools/notebooks/files.ts";
import { fixture, into, tempDir } from "./helpers.ts";

Deno.test("the executor runs notebooks on the Deno kernel and writes executed copies, never over the sources", async () => {
  const [dir, cleanup] = await tempDir("exec");
  try {
    const sources = ["prints", "late_output", "rich_display"].map(fixture);
    const before = await Promise.all(sources.map((s) => Deno.readTextFile(s)));
    const results = await executeNotebooks(sources, {
      outputPath: into(dir),
      quick: true,
    });
    assert.deepEqual(results.map((r) => r.ok), [true, true, true]);
    const after = await Promise.all(sources.map((s) => Deno.readTextFile(s)));
    assert.deepEqual(after, before, "the sources must stay untouched");

    const [prints, late, rich] = await Promise.all(
      results.map((r) => r.notebook()),
    );
    assert.equal(results[0].output, `${dir}/prints.ipynb`);
    const { mode } = await Deno.stat(results[0].output);
    assert.equal(
      (mode ?? 0) & 0o777,
      0o666 & ~Deno.umask(),
      "executed copies are as readable as any file the user writes",
    );
    // NO_COLOR in the kernelspec: plain "42", no ANSI escapes.
    assert.deepEqual(outputTexts(prints), [
      "",
      "hola desde Deno\n",
      "42\n",
      "CNN_QUICK=1\n",
    ]);
    assert.deepEqual(
      prints.cells.map((c) => c.execution_count ?? null),
      [null, 1, 2, 3],
    );
    // Printed 150 ms after the kernel said idle: still in its own cell.
    assert.deepEqual(outputTexts(late), [
      "",
      '"inmediato"\nsalida tardía\n',
      '"siguiente"\n',
    ]);

    const html = rich.cells[1].outputs?.[0];
    assert.equal(html?.output_type, "display_data");
    assert.equal(joinText(html?.data?.["text/html"]), "<b>negrita</b>");
    assert.ok(String(rich.cells[2].outputs?.[0].data?.["image/png"]).length);
    // One display, updated in place three times, then the final print.
    assert.deepEqual(outputTexts(rich)[3], "paso 3\nfin\n");
    assert.equal(rich.cells[3].outputs?.length, 2);
  } finally {
    await cleanup();
  }
});

Deno.test("the executor refuses to write an executed copy over its source", async () => {
  await assert.rejects(
    executeNotebooks([fixture("prints")], { outputPath: (s) => s }),
    /refusing to write the executed copy over/,
  );
});

Deno.test("the executor reports each kernel's peak resident memory, the Deno kernel's own included", async () => {
  const [dir, cleanup] = await tempDir("exec-rss");
  try {
    const [small, big] = await executeNotebooks(
      [fixture("prints"), fixture("allocates")],
      { outputPath: into(dir), quick: true },
    );
    assert.ok(small.ok && big.ok);
    if (Deno.build.os !== "linux") {
      assert.equal(big.peakRssMiB, undefined);
      return;
    }
    // The kernel is kernel_proxy.py (a few tens of MiB) with Deno as its
    // child: 400 MiB touched in a cell must show, freed or not.
    assert.ok(
      (big.peakRssMiB ?? 0) >= 400,
      `peak ${big.peakRssMiB} MiB`,
    );
    assert.ok((small.peakRssMiB ?? 0) > 20, `peak ${small.peakRssMiB} MiB`);
    assert.ok(
      (small.peakRssMiB ?? 0) < (big.peakRssMiB ?? 0) - 300,
      `${small.peakRssMiB} vs ${big.peakRssMiB} MiB`,
    );
    // Kept in the copy's stamp, so a skipped notebook's summary line has it.
    assert.equal(storedStamp(await big.notebook())?.peakRssMiB, big.peakRssMiB);
  } finally {
    await cleanup();
  }
});
