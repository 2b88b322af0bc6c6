/**
 * Whole-model parity: six training steps of the course's own models (as
 * `fit()` runs them) from identical weights give the same losses and weights
 * (within 1e-4) on `wasm` (threaded, with our training kernels) and on
 * `webgpu` (software adapter in CI) as on `cpu`, for LeNet-5, mini-Inception,
 * MiniResNet(32), chapter 05's LeNet-5 with BatchNorm and a
 * separable/BatchNorm model.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import type { ModelName } from "../../tools/perf/bench_step.ts";
import { maxRelDiff } from "./compare_backends.ts";
import { initialWeights, trainOn } from "./parity.ts";
import { setUpBackends } from "./setup.ts";

const { webgpu: probe } = await setUpBackends();
if (!probe.found) console.log(`webgpu parity tests skipped: ${probe.reason}`);

const STEPS = 6;
// Batches stay tiny: the cpu reference convolves in plain JavaScript.
const MODELS: [ModelName, number][] = [
  ["lenet5", 4],
  ["miniInception", 1],
  ["miniResNet", 1],
  ["separableBN", 4],
  ["lenet5BN", 4],
];

const reference = new Map<
  ModelName,
  Awaited<ReturnType<typeof trainOn>> & { init: Float32Array[] }
>();

async function cpuReference(name: ModelName, batch: number) {
  if (!reference.has(name)) {
    const init = await initialWeights(name);
    reference.set(name, {
      init,
      ...(await trainOn("cpu", name, init, batch, STEPS)),
    });
  }
  return reference.get(name)!;
}

for (const backend of ["wasm", "webgpu"]) {
  for (const [name, batch] of MODELS) {
    Deno.test({
      name:
        `${name}: ${STEPS} training steps on ${backend} match cpu within 1e-4`,
      ignore: backend === "webgpu" && !probe.found,
      sanitizeResources: false,
      sanitizeOps: false,
      fn: async () => {
        const ref = await cpuReference(name, batch);
        const got = await trainOn(backend, name, ref.init, batch, STEPS);
        const lossDiff = maxRelDiff([Float32Array.from(got.losses)], [
          Float32Array.from(ref.losses),
        ]);
        assert.ok(
          lossDiff <= 1e-4,
          `${name} on ${backend}: losses ${got.losses} vs cpu ${ref.losses}`,
        );
        const wDiff = maxRelDiff(got.weights, ref.weights);
        assert.ok(
          wDiff <= 1e-4,
          `${name} on ${backend}: weights differ from cpu by ${wDiff}`,
        );
        // Training must have moved the weights, or the comparison proves nothing.
        const moved = maxRelDiff(ref.weights, ref.init);
        assert.ok(
          1e-3 <= moved,
          `${name}: weights did not change in ${STEPS} steps`,
        );
        await tf.setBackend("cpu");
      },
    });
  }
}
