/**
 * `deno task study:divergence` end to end on a tiny run (2 seeds, 2 batches,
 * 512 training images): the report has its parts, the two frameworks start
 * from the same loss (the study's own guard), and the JSON record matches
 * what was printed. Skipped only when Debian's Python lacks torch.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../../tools/notebooks/files.ts";
import { torchAvailable } from "../../tools/perf/divergence_study.ts";
import { tempDir } from "../tools/helpers.ts";

const hasTorch = await torchAvailable();
if (!hasTorch) {
  console.warn(
    "SKIPPED divergence study test: /usr/bin/python3 cannot import torch and numpy.",
  );
}

Deno.test({
  name: "the divergence study reports both rates, intervals and Fisher's p",
  ignore: !hasTorch,
  async fn() {
    const [dir, cleanup] = await tempDir("divergence");
    try {
      const out = join(dir, "study.json");
      const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "--config",
          join(ROOT, "deno.json"),
          join(ROOT, "tools", "perf", "divergence_study.ts"),
          "--seeds",
          "2",
          "--batches",
          "2",
          "--subset",
          "512",
          "--out",
          out,
        ],
        cwd: ROOT,
        env: { NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(stdout);
      assert.equal(code, 0, text + new TextDecoder().decode(stderr));

      assert.match(
        text,
        /^Divergence study: mini-Inception, SGD \(learning rate 0\.1\), batch 256, .*2 batches from 2 seeds \(0\.\.1\), 512 training images\./m,
      );
      assert.match(
        text,
        /^ours: wasm, 1 thread\(s\); PyTorch 1\.\S+, cpu, 1 thread\(s\);/m,
      );
      const seeds = [...text.matchAll(
        /^seed (\d+): first loss ours (\S+) PyTorch (\S+) \|Δ\| (\S+), at batch 2 \S+ vs \S+ · ours max \S+ last \S+ \(2 batches\).* · PyTorch max \S+ last \S+ \(2 batches\)/gm,
      )];
      assert.deepEqual(seeds.map((m) => m[1]), ["0", "1"]);
      for (const m of seeds) {
        // An untrained 10-class softmax starts near ln 10.
        assert.ok(Math.abs(Number(m[2]) - Math.log(10)) < 0.5, m[0]);
        assert.ok(Math.abs(Number(m[2]) - Number(m[3])) <= 1e-4, m[0]);
      }
      for (const who of ["ours:    ", "PyTorch: "]) {
        assert.match(
          text,
          new RegExp(
            `^${who}\\d/2 diverged = \\S+ % \\(95 % Wilson CI \\S+ % – \\S+ %\\); \\d with a NaN/Inf loss$`,
            "m",
          ),
        );
      }
      assert.match(
        text,
        /^Fisher's exact test \(two-sided\), ours vs PyTorch: p = \S+$/m,
      );
      assert.match(
        text,
        /^First-batch loss agreement .*: max \|Δ\| = \S+ \(limit 0\.0001\)\.$/m,
      );

      const record = JSON.parse(await Deno.readTextFile(out));
      assert.equal(record.seeds.length, 2);
      for (const [i, s] of record.seeds.entries()) {
        assert.equal(s.ours.length, 2);
        assert.equal(s.torch.length, 2);
        assert.equal(s.ours[0].toFixed(6), seeds[i][2]);
        assert.equal(s.torch[0].toFixed(6), seeds[i][3]);
      }
      assert.equal(record.summary.ours.runs, 2);
      assert.ok(record.summary.maxFirstDelta <= 1e-4);
    } finally {
      await cleanup();
    }
  },
});
