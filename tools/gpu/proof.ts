/**
 * `deno task gpu:proof`: proves the GPU bundle on this (CPU) machine. It
 * copies `build/gpu/` (run `deno task gpu:bundle` first) into a fresh
 * temporary folder and runs `run.sh` there with a bare environment (no Deno
 * on PATH, no npm cache, no DENO_DIR): once without `--allow-software`,
 * which must stop with the one line naming the ICDs, then on the software
 * adapter with a small subset and PyTorch on the CPU as the peer. It checks
 * the table and the JSON, prints the time taken and exits non-zero on any
 * failure. Minutes, not seconds: a separate CI step, not part of `deno task test`.
 *
 * Usage: deno run -A tools/gpu/proof.ts [--keep]
 *
 * @module
 */
import { join } from "node:path";
import type { CheckReport } from "./report.ts";

const root = new URL("../..", import.meta.url).pathname;
const FLAGS = [
  "--allow-software",
  "--subset",
  "64",
  "--batch",
  "8",
  "--steps",
  "2",
  "--warmup",
  "1",
];

function fail(message: string): never {
  console.error(`gpu proof FAILED: ${message}`);
  Deno.exit(1);
}

async function sh(
  cwd: string,
  args: string[],
): Promise<{ code: number; out: string }> {
  const out = await new Deno.Command("sh", {
    args,
    cwd,
    clearEnv: true,
    env: { PATH: "/usr/bin:/bin", HOME: cwd, TMPDIR: cwd },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  return { code: out.code, out: text };
}

async function main(): Promise<void> {
  const bundle = join(root, "build", "gpu");
  try {
    await Deno.stat(join(bundle, "run.sh"));
  } catch {
    fail("build/gpu/run.sh is missing: run `deno task gpu:bundle` first.");
  }
  const t0 = performance.now();
  const dir = await Deno.makeTempDir({ prefix: "cnn-gpu-proof-" });
  try {
    await new Deno.Command("cp", { args: ["-r", bundle, join(dir, "gpu")] })
      .output();
    const out = join(dir, "out");

    // A software adapter alone must stop the check with one line.
    const refused = await sh(dir, ["gpu/run.sh", out, "--subset", "64"]);
    const line = refused.out.split("\n").find((l) =>
      l.startsWith("GPU check stopped:")
    );
    if (refused.code !== 3 || !line || !line.includes("Vulkan ICDs tried:")) {
      fail(`without --allow-software: exit ${refused.code}\n${refused.out}`);
    }
    console.log(line);

    const ran = await sh(dir, ["gpu/run.sh", out, ...FLAGS]);
    console.log(ran.out);
    if (ran.code !== 0) fail(`run.sh exited ${ran.code}`);
    const text = await Deno.readTextFile(join(out, "gpu_check.txt"));
    const report = JSON.parse(
      await Deno.readTextFile(join(out, "gpu_check.json")),
    ) as CheckReport;
    const models = report.steps.map((s) => s.model).join(",");
    if (models !== "lenet5,miniInception,miniResNet") fail(`models ${models}`);
    for (const s of report.steps) {
      if (!(s.msPerStep > 0)) fail(`${s.model}: ${s.msPerStep} ms/step`);
      if (s.reads !== 0) fail(`${s.model}: ${s.reads} GPU reads per step`);
      if (!(s.dispatches > 0)) fail(`${s.model}: no dispatches counted`);
      if (!(report.torch?.ms[s.model]! > 0)) {
        fail(`${s.model}: no PyTorch time`);
      }
    }
    if (report.torch?.device !== "cpu") {
      fail(`peer device ${report.torch?.device}, expected cpu here`);
    }
    const acc = report.epoch.testAccuracy;
    if (!(acc >= 0 && acc <= 1)) fail(`test accuracy ${acc}`);
    if (!text.includes("ratio") || !text.includes("×")) fail("no ratio column");
    console.log(
      `gpu proof OK in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
  } finally {
    if (!Deno.args.includes("--keep")) {
      await Deno.remove(dir, { recursive: true });
    }
  }
}

if (import.meta.main) await main();
