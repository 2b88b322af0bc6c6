/**
 * The GPU check's table: ratios tfjs ÷ PyTorch per model, the peer named,
 * a missing peer shown as "—", and both files written (no temporary left).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  type CheckReport,
  formatReport,
  writeReport,
} from "../../tools/gpu/report.ts";
import { icdsTried } from "../../tools/gpu/icds.ts";

function report(torch: CheckReport["torch"]): CheckReport {
  return {
    date: "2026-12-01T00:00:00.000Z",
    backend: "webgpu",
    adapter: "NVIDIA H200",
    batch: 256,
    trainImages: 50000,
    testImages: 10000,
    steps: [
      {
        model: "lenet5",
        msPerStep: 3,
        dispatches: 107,
        kernels: 210,
        reads: 0,
      },
      {
        model: "miniResNet",
        msPerStep: 10,
        dispatches: 82,
        kernels: 169,
        reads: 0,
      },
    ],
    epoch: { ms: 4200, loss: 0.5, accuracy: 0.85, testAccuracy: 0.9512 },
    torch,
  };
}

Deno.test("the GPU table shows tfjs ÷ PyTorch per model and names the peer", () => {
  const text = formatReport(report({
    torch: "2.5.1",
    device: "cuda",
    device_name: "NVIDIA H200",
    threads: 16,
    ms: { lenet5: 1.5, miniResNet: 8 },
  }));
  const lenet = text.split("\n").find((l) => l.startsWith("LeNet-5"))!;
  assert.match(lenet, /3\.00\s+1\.50\s+2\.00×\s+107\s+210\s+0$/);
  const resnet = text.split("\n").find((l) => l.startsWith("MiniResNet(32)"))!;
  assert.match(resnet, /10\.00\s+8\.00\s+1\.25×/);
  assert.match(text, /peer: PyTorch 2\.5\.1 on cuda \(NVIDIA H200\)/);
  assert.match(text, /test accuracy \(10000 images\): 0\.9512/);
});

Deno.test("without PyTorch the table says so and shows no ratio", () => {
  const text = formatReport(report(undefined));
  assert.match(text, /peer: none/);
  const lenet = text.split("\n").find((l) => l.startsWith("LeNet-5"))!;
  assert.match(lenet, /3\.00\s+—\s+—/);
});

Deno.test("writeReport writes the text and the JSON, and nothing else", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = report(undefined);
    await writeReport(join(dir, "out"), r, "table\n");
    const names = [...Deno.readDirSync(join(dir, "out"))].map((e) => e.name)
      .sort();
    assert.deepEqual(names, ["gpu_check.json", "gpu_check.txt"]);
    assert.equal(
      await Deno.readTextFile(join(dir, "out", "gpu_check.txt")),
      "table\n",
    );
    const back = JSON.parse(
      await Deno.readTextFile(join(dir, "out", "gpu_check.json")),
    );
    assert.deepEqual(back, JSON.parse(JSON.stringify(r)));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the ICDs tried are those VK_DRIVER_FILES names, when set", () => {
  const env: Record<string, string> = {
    VK_DRIVER_FILES: "/a/nvidia_icd.json:/b/x.json",
  };
  assert.deepEqual(icdsTried((n) => env[n]), [
    "/a/nvidia_icd.json",
    "/b/x.json",
  ]);
  assert.deepEqual(icdsTried(() => "/c/y.json"), ["/c/y.json"]);
});
