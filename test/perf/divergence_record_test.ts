/**
 * The divergence study's record: NaN/Infinity survive the JSON round trip
 * (JSON.stringify alone would turn them into null, and a diverged run into a
 * clean one), and `--combine` joins only runs of the same study.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  combine,
  readRecord,
  type StudyRecord,
  writeRecord,
} from "../../tools/perf/divergence_record.ts";
import { tempDir } from "../tools/helpers.ts";

function record(seeds: StudyRecord["seeds"], batches = 3): StudyRecord {
  return {
    date: "2026-12-02T00:00:00.000Z",
    command: "deno task study:divergence",
    cpuThreads: 2,
    wasmThreads: 1,
    torch: "1.13.0",
    torchThreads: 1,
    batches,
    batch: 256,
    threshold: 10,
    samples: 50000,
    complete: true,
    seeds,
  };
}

Deno.test("a record keeps NaN and Infinity losses and its summary", async () => {
  const [dir, cleanup] = await tempDir("divergence-record");
  try {
    const path = join(dir, "r.json");
    await writeRecord(
      path,
      record([{ seed: 3, ours: [2.3, 1e20, NaN], torch: [2.3, Infinity] }]),
    );
    const back = await readRecord(path);
    assert.deepEqual(back.seeds[0].ours, [2.3, 1e20, NaN]);
    assert.deepEqual(back.seeds[0].torch, [2.3, Infinity]);
    const raw = JSON.parse(await Deno.readTextFile(path));
    assert.equal(raw.summary.ours.diverged, 1);
    assert.equal(raw.summary.torch.nonFinite, 1);
  } finally {
    await cleanup();
  }
});

Deno.test("--combine joins runs of one study, not of different ones", async () => {
  const [dir, cleanup] = await tempDir("divergence-combine");
  try {
    const a = join(dir, "a.json");
    const b = join(dir, "b.json");
    const c = join(dir, "c.json");
    await writeRecord(
      a,
      record([{ seed: 0, ours: [2.3, 1], torch: [2.3, 1] }]),
    );
    await writeRecord(
      b,
      record([{ seed: 1, ours: [2.3, NaN], torch: [2.3, 9] }]),
    );
    await writeRecord(c, record([], 100));
    assert.equal(await combine([a, b], 1e-4), 0);
    assert.equal(await combine([a, c], 1e-4), 2);
    await writeRecord(b, record([{ seed: 1, ours: [2.3], torch: [2.4] }]));
    assert.equal(await combine([a, b], 1e-4), 1, "first losses 0.1 apart");
  } finally {
    await cleanup();
  }
});
