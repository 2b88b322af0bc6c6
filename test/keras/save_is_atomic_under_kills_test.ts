/**
 * A save killed at any instant leaves exactly the old model or exactly the
 * new one. A child process saves model "new" over model "old" and is
 * killed with SIGKILL at every write/rename boundary of the save
 * (`CNN_FAULT_AT`), then at random instants of a save loop; each time
 * `loadModel` must give the old or the new predictions bit for bit, and the
 * next save must leave only `model.json` and one weights file.
 */
import assert from "node:assert/strict";
import { loadModel } from "../../lib/keras/mod.ts";
import { setup } from "./helpers.ts";
import { predictions, tinyModel } from "./fixtures/tiny_saved_model.ts";
import { seededRng as mulberry32 } from "../../lib/core/seed.ts";

const CHILD = new URL("./fixtures/save_crash_child.ts", import.meta.url)
  .pathname;

/** Every boundary of a save, in order; from `save:json:after-rename` on the new model is in place. */
const POINTS = [
  "save:start",
  "save:weights:mid-write",
  "save:weights:after-write",
  "save:weights:after-fsync",
  "save:weights:after-rename",
  "save:json:mid-write",
  "save:json:after-write",
  "save:json:after-fsync",
  "save:json:after-rename",
  "save:after-remove-old",
];
const SWITCH = POINTS.indexOf("save:json:after-rename");

function child(dir: string, mode: string, faultAt?: string) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CHILD, dir, mode],
    env: faultAt ? { CNN_FAULT_AT: faultAt } : {},
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
}

async function folderNames(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
}

async function assertCleanAfterNextSave(
  dir: string,
  oldModel: ReturnType<typeof tinyModel>,
) {
  await oldModel.save(dir);
  const names = await folderNames(dir);
  assert.equal(names.length, 2, `leftovers removed by the next save: ${names}`);
  assert.equal(names[0], "model.json");
}

Deno.test("a save killed at each write/rename boundary leaves the old or the new model, whole", async () => {
  await setup();
  const oldModel = tinyModel(1);
  const oldPred = await predictions(oldModel);
  const newPred = await predictions(tinyModel(2));
  assert.notDeepEqual(oldPred, newPred);
  const dir = await Deno.makeTempDir({ prefix: "atomic_save_" });
  try {
    for (const [i, point] of POINTS.entries()) {
      await oldModel.save(dir);
      const status = await child(dir, "once", point).status;
      assert.equal(status.signal, "SIGKILL", `the child reached ${point}`);
      const loaded = await loadModel(dir);
      const got = await predictions(loaded);
      assert.deepEqual(
        got,
        i < SWITCH ? oldPred : newPred,
        `killed at ${point}: expected the ${i < SWITCH ? "old" : "new"} model`,
      );
      await assertCleanAfterNextSave(dir, oldModel);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a first save killed before its switch leaves no model.json, and loadModel says so", async () => {
  await setup();
  const dir = await Deno.makeTempDir({ prefix: "atomic_first_" });
  try {
    const status = await child(dir, "once", "save:json:after-fsync").status;
    assert.equal(status.signal, "SIGKILL");
    await assert.rejects(
      () => loadModel(dir),
      /model\.json is missing\. Pass the folder given to model\.save\(\)/,
    );
    await assertCleanAfterNextSave(dir, tinyModel(1));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("50 kills at random instants of a save loop each leave the old or the new model", async () => {
  await setup();
  const oldModel = tinyModel(1);
  const oldPred = await predictions(oldModel);
  const newPred = await predictions(tinyModel(2));
  const random = mulberry32(Number(Deno.env.get("CNN_KILL_SEED") ?? 14));
  const dir = await Deno.makeTempDir({ prefix: "atomic_random_" });
  const seen = { old: 0, new: 0, leftovers: 0 };
  try {
    await oldModel.save(dir);
    for (let k = 0; k < 50; k++) {
      const proc = child(dir, "loop");
      const reader = proc.stdout.getReader();
      await reader.read(); // the child has built its models and starts saving
      await new Promise((r) => setTimeout(r, random() * 60));
      proc.kill("SIGKILL");
      await reader.cancel();
      assert.equal((await proc.status).signal, "SIGKILL");
      if ((await folderNames(dir)).length > 2) seen.leftovers++;
      const got = await predictions(await loadModel(dir));
      if (got.every((v, i) => v === oldPred[i])) seen.old++;
      else {
        assert.deepEqual(
          got,
          newPred,
          `kill ${k}: neither the old nor the new model`,
        );
        seen.new++;
      }
    }
    await assertCleanAfterNextSave(dir, oldModel);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  console.log(
    `random kills: ${seen.old} old, ${seen.new} new, ${seen.leftovers} with leftovers`,
  );
  assert.ok(seen.old + seen.new === 50);
});
