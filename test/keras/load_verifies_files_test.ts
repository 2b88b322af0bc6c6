/**
 * `loadModel` verifies a saved folder before using it: every bad
 * `model.json`, weights file, link or size gives a KerasError naming the
 * file, what was expected, what was found and what to do — and allocates
 * nothing that leaks.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { KerasError, loadModel } from "../../lib/keras/mod.ts";
import { optimizers } from "../../lib/training/optimizers.ts";
import { setup, tensorDelta } from "./helpers.ts";
import { predictions, tinyModel } from "./fixtures/tiny_saved_model.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

async function savedFolder(): Promise<
  { dir: string; weights: string; json: Json }
> {
  await setup();
  const dir = await Deno.makeTempDir({ prefix: "load_verify_" });
  await tinyModel(1).save(dir);
  const json = JSON.parse(await Deno.readTextFile(`${dir}/model.json`));
  return { dir, weights: `${dir}/${json.weightsManifest[0].paths[0]}`, json };
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest(
    "SHA-256",
    bytes as Uint8Array<ArrayBuffer>,
  );
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/** Asserts loadModel fails with a KerasError matching every pattern, leaking no tensor. */
async function rejects(dir: string, ...patterns: RegExp[]): Promise<void> {
  let err: unknown;
  const leaked = await tensorDelta(async () => {
    try {
      await loadModel(dir);
    } catch (e) {
      err = e;
    }
  });
  assert.ok(err instanceof KerasError, `a KerasError, got ${err}`);
  for (const p of patterns) assert.match((err as Error).message, p);
  assert.equal(leaked, 0, "a failed load leaks no tensor");
}

async function withFolder(
  fn: (f: Awaited<ReturnType<typeof savedFolder>>) => Promise<void>,
) {
  const f = await savedFolder();
  try {
    await fn(f);
  } finally {
    await Deno.remove(f.dir, { recursive: true });
  }
}

Deno.test("an empty or blank path is refused by save and loadModel (it used to mean /)", async () => {
  await setup();
  const m = tinyModel(1);
  for (const p of ["", "   "]) {
    await assert.rejects(() => m.save(p), KerasError);
    await assert.rejects(
      () => m.save(p),
      /model\.save\(.*\): the model folder path is empty\. Pass a folder name/,
    );
    await assert.rejects(
      () => loadModel(p),
      /loadModel\(.*\): the model folder path is empty/,
    );
  }
  await assert.rejects(
    () => loadModel(undefined as unknown as string),
    /is a undefined, not a string/,
  );
});

Deno.test("a malformed model.json names the file and the missing or invalid field", async () => {
  await withFolder(async ({ dir, json }) => {
    const cases: [unknown, RegExp][] = [
      [{}, /invalid field "modelTopology": expected an object, it is missing/],
      [null, /invalid field "\(top level\)".*found null/],
      [[1], /invalid field "\(top level\)"/],
      [
        { ...json, modelTopology: { class_name: "Sequential", config: {} } },
        /"modelTopology\.config\.layers": expected a list of layers, it is missing/,
      ],
      [
        { ...json, modelTopology: { config: {} } },
        /"modelTopology\.class_name"/,
      ],
      [
        { ...json, weightsManifest: undefined },
        /"weightsManifest": expected a list with one group, it is missing/,
      ],
      [{
        ...json,
        weightsManifest: [{
          ...json.weightsManifest[0],
          paths: ["../../etc/passwd"],
        }],
      }, /"weightsManifest\[0\]\.paths": expected one file name/],
      [
        {
          ...json,
          weightsManifest: [{
            ...json.weightsManifest[0],
            weights: [{ name: "k", shape: [-1], dtype: "float32" }],
          }],
        },
        /"weightsManifest\[0\]\.weights\[0\]\.shape": expected a list of non-negative integers, found \[-1\]/,
      ],
      [{
        ...json,
        weightsManifest: [{ ...json.weightsManifest[0], sha256: "zz" }],
      }, /"weightsManifest\[0\]\.sha256": expected 64 lowercase hex digits/],
    ];
    for (const [content, pattern] of cases) {
      await Deno.writeTextFile(`${dir}/model.json`, JSON.stringify(content));
      await rejects(
        dir,
        new RegExp(`${dir}/model\\.json has`),
        pattern,
        /Restore the folder from a backup, or save the model again/,
      );
    }
    await Deno.writeTextFile(`${dir}/model.json`, '{"modelTopology": ');
    await rejects(dir, /model\.json is not valid JSON/);
    await Deno.remove(`${dir}/model.json`);
    await rejects(
      dir,
      /model\.json is missing\. Pass the folder given to model\.save\(\)/,
    );
  });
});

Deno.test("a missing, short, long or damaged weights file is refused with its name, sizes and hash", async () => {
  await withFolder(async ({ dir, weights }) => {
    const good = await Deno.readFile(weights);
    await Deno.writeFile(weights, good.subarray(0, good.length - 8));
    await rejects(
      dir,
      new RegExp(
        `${weights} has ${
          good.length - 8
        } bytes, expected ${good.length} bytes \\(5514 float32 values for 4 weights\\)`,
      ),
      /truncated/,
    );
    await Deno.writeFile(weights, new Uint8Array([...good, 0, 0, 0, 0]));
    await rejects(
      dir,
      new RegExp(`has ${good.length + 4} bytes, expected ${good.length}`),
    );
    const flipped = good.slice();
    flipped[100] ^= 0x40;
    await Deno.writeFile(weights, flipped);
    await rejects(
      dir,
      /is damaged: its SHA-256 is [0-9a-f]{64}, expected [0-9a-f]{64} as recorded in model\.json/,
    );
    await Deno.remove(weights);
    await rejects(dir, new RegExp(`${weights} is missing`));
  });
});

Deno.test("NaN weights are refused at load (with a valid checksum) and never saved", async () => {
  await withFolder(async ({ dir, weights, json }) => {
    const bytes = await Deno.readFile(weights);
    new Float32Array(bytes.buffer)[5] = NaN;
    const sha = await sha256(bytes);
    const name = `weights-${sha.slice(0, 16)}.bin`;
    await Deno.writeFile(`${dir}/${name}`, bytes);
    json.weightsManifest[0] = {
      ...json.weightsManifest[0],
      paths: [name],
      sha256: sha,
    };
    await Deno.writeTextFile(`${dir}/model.json`, JSON.stringify(json));
    await rejects(
      dir,
      /holds a non-finite value \(NaN\) in weight "dense\/kernel" at index 5/,
      /retrain/,
    );
    const m = tinyModel(3);
    m.weightEntries[1].variable.assign(tf.fill([128], Infinity));
    await assert.rejects(
      () => m.save(dir),
      /weight ".*bias" holds Infinity at index 0, so nothing was saved/,
    );
  });
});

Deno.test("symbolic links inside a model folder are refused", async () => {
  await withFolder(async ({ dir, weights }) => {
    const outside = await Deno.makeTempFile();
    await Deno.rename(weights, outside);
    await Deno.symlink(outside, weights);
    await rejects(
      dir,
      /is a symbolic link; loadModel reads only regular files/,
      /Replace the link with a copy/,
    );
    await Deno.remove(weights);
    await Deno.rename(outside, weights);
    await Deno.rename(`${dir}/model.json`, `${dir}/real.json`);
    await Deno.symlink(`${dir}/real.json`, `${dir}/model.json`);
    await rejects(dir, /model\.json is a symbolic link/);
  });
});

Deno.test("absurd sizes in model.json are refused before anything is allocated", async () => {
  await withFolder(async ({ dir, json }) => {
    const before = tf.memory().numBytes;
    json.modelTopology.config.layers[0].config.units = 2e8;
    await Deno.writeTextFile(`${dir}/model.json`, JSON.stringify(json));
    await rejects(
      dir,
      /has "modelTopology\.config\.layers\[0\]\.config\.units" = 200000000, expected a whole number from 1 to 5514/,
    );
    json.modelTopology.config.layers[0].config.units = 128;
    json.modelTopology.config.build_input_shape = [null, 1e6, 1e6];
    await Deno.writeTextFile(`${dir}/model.json`, JSON.stringify(json));
    await rejects(
      dir,
      /"modelTopology\.config\.build_input_shape" = \[null,1000000,1000000\], expected at most 100000000 values per sample/,
    );
    json.modelTopology.config.build_input_shape = [null, 32];
    json.weightsManifest[0].weights[0].shape = [1e9, 1e9];
    await Deno.writeTextFile(`${dir}/model.json`, JSON.stringify(json));
    await rejects(
      dir,
      /records byteLength 22056 for weights-.*, but its weights need/,
    );
    assert.ok(
      tf.memory().numBytes - before < 1e6,
      "nothing large was allocated",
    );
  });
});

Deno.test("an architecture that does not match the weights names model.json and frees the rebuilt model", async () => {
  await withFolder(async ({ dir, json }) => {
    json.modelTopology.config.layers[1].config.units = 5;
    await Deno.writeTextFile(`${dir}/model.json`, JSON.stringify(json));
    await rejects(
      dir,
      /model\.json gives weight 2 \("dense_1\/kernel"\) the shape \(128, 10\), but the rebuilt model has \(128, 5\)/,
      /Save it again/,
    );
    json.modelTopology.config.layers[1].config.units = 10;
    json.modelTopology.config.layers[1].class_name = "NoSuchLayer";
    await Deno.writeTextFile(`${dir}/model.json`, JSON.stringify(json));
    await rejects(dir, /loadModel\(.*\): Unknown layer class "NoSuchLayer"/);
  });
});

Deno.test("a model saved in the previous format (weights.bin, no checksum) still loads, and the next save upgrades it", async () => {
  await withFolder(async ({ dir, weights, json }) => {
    await Deno.rename(weights, `${dir}/weights.bin`);
    const { byteLength: _b, sha256: _s, ...group } = json.weightsManifest[0];
    json.weightsManifest[0] = { ...group, paths: ["weights.bin"] };
    await Deno.writeTextFile(`${dir}/model.json`, JSON.stringify(json));
    const loaded = await loadModel(dir);
    assert.deepEqual(
      await predictions(loaded),
      await predictions(tinyModel(1)),
    );
    const bytes = await Deno.readFile(`${dir}/weights.bin`);
    await Deno.writeFile(`${dir}/weights.bin`, bytes.subarray(4));
    await rejects(dir, /weights\.bin has 22052 bytes, expected 22056/);
    await Deno.writeFile(`${dir}/weights.bin`, bytes);
    await loaded.save(dir);
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.equal(names.length, 2);
    assert.match(names[1], /^weights-[0-9a-f]{16}\.bin$/);
  });
});

Deno.test("an unknown optimizer on load warns in one line and leaves the model uncompiled", async () => {
  await withFolder(async ({ dir, json }) => {
    json.trainingConfig = {
      loss: "mse",
      metrics: [],
      optimizer_config: { class_name: "Lion", config: {} },
    };
    await Deno.writeTextFile(`${dir}/model.json`, JSON.stringify(json));
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...a: unknown[]) => warnings.push(a.join(" "));
    try {
      const m = await loadModel(dir);
      assert.equal(m.compiled, undefined);
    } finally {
      console.warn = warn;
    }
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0],
      /WARNING: loadModel\(.*\): the optimizer "Lion" saved in model\.json is unknown, so the model is loaded uncompiled .*Call model\.compile/,
    );
    const m = tinyModel(1);
    m.compile({
      optimizer: optimizers.Adam({ learningRate: 0.01 }),
      loss: "mse",
    });
    await m.save(dir);
    assert.equal(
      (await loadModel(dir)).compiled?.lossName,
      "mean_squared_error",
    );
  });
});
