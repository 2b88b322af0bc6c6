/**
 * Runs tools/perf/bench_torch.py (Debian's /usr/bin/python3, PyTorch on the
 * CPU) for `deno task bench --vs-pytorch` and returns its ms/step per model.
 *
 * @module
 */

/** What bench_torch.py prints. */
export interface TorchTimes {
  /** ms/step per model name. */
  ms: Record<string, number>;
  /** Threads PyTorch used. */
  threads: number;
  /** PyTorch's version. */
  torch: string;
}

/** How bench_torch.py trains: as `fit` does in tools/perf/fit_timing.ts. */
export interface TorchRun {
  /** Batch size. */
  batch: number;
  /** Batches timed. */
  steps: number;
  /** Batches run first, untimed. */
  warmup: number;
  /** Training images batches are drawn from. */
  images: number;
  /** PyTorch's intra-op threads. */
  threads: number;
}

/** Runs bench_torch.py for `models`; throws with its stderr if it fails. */
export async function torchTimes(
  models: string[],
  run: TorchRun,
  python = "/usr/bin/python3",
): Promise<TorchTimes> {
  const script = new URL("./bench_torch.py", import.meta.url).pathname;
  const flags = Object.entries(run).flatMap(([k, v]) => [`--${k}`, `${v}`]);
  const out = await new Deno.Command(python, {
    // The CPU benchmark compares CPUs, even where CUDA exists.
    args: [script, "--models", models.join(","), ...flags, "--device", "cpu"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `PyTorch benchmark failed (is python3-torch installed?):\n${
        new TextDecoder().decode(out.stderr)
      }`,
    );
  }
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}
