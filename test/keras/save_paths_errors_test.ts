/**
 * Bad places to save or load a model — a path that is a file, a read-only
 * folder, a full disk — give a KerasError naming the path and the fix, and
 * leave the folder exactly as it was. Saved files are readable by others
 * (0644/0755 minus the umask).
 */
import assert from "node:assert/strict";
import { KerasError, loadModel } from "../../lib/keras/mod.ts";
import { setup } from "./helpers.ts";
import { predictions, tinyModel } from "./fixtures/tiny_saved_model.ts";
import { remountReadOnly, TMPFS_SKIP, withTmpfs } from "./fixtures/tmpfs.ts";

const names = (dir: string) =>
  [...Deno.readDirSync(dir)].map((e) => e.name).sort();

Deno.test("a path that is a file is refused by save and loadModel with the fix", async () => {
  await setup();
  const file = await Deno.makeTempFile({ prefix: "not_a_folder_" });
  try {
    const m = tinyModel(1);
    await assert.rejects(
      () => m.save(file),
      new RegExp(
        `model\\.save\\("${file}"\\): "${file}" is a file, not a folder\\. .*choose another path or move that file away`,
      ),
    );
    await assert.rejects(
      () => m.save(`${file}/sub`),
      (e) =>
        e instanceof KerasError &&
        /left the folder as it was: ".*sub" \(or a folder above it\) is a file, not a folder/
          .test(e.message),
    );
    await assert.rejects(
      () => loadModel(file),
      new RegExp(
        `loadModel\\("${file}"\\): "${file}" is a file, not a model folder\\. Pass the folder given to model\\.save\\(\\)`,
      ),
    );
    assert.equal(Deno.readTextFileSync(file), "", "the file is untouched");
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("saved files and folders are readable by others (0644/0755 minus the umask)", async () => {
  await setup();
  const parent = await Deno.makeTempDir();
  try {
    const dir = `${parent}/a/b`;
    await tinyModel(1).save(dir);
    const umask = Deno.umask();
    assert.equal(Deno.statSync(dir).mode! & 0o777, 0o755 & ~umask);
    assert.equal(Deno.statSync(`${parent}/a`).mode! & 0o777, 0o755 & ~umask);
    for (const n of names(dir)) {
      assert.equal(
        Deno.statSync(`${dir}/${n}`).mode! & 0o777,
        0o644 & ~umask,
        n,
      );
    }
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test({
  name:
    "a full disk (40 KiB tmpfs) fails the save with the fix and keeps the old model whole",
  ignore: TMPFS_SKIP !== null,
  fn: async () => {
    await setup();
    await withTmpfs(40, async (dir) => {
      const old = tinyModel(1);
      await old.save(dir);
      const before = names(dir);
      await assert.rejects(
        () => tinyModel(2).save(dir),
        (e) =>
          e instanceof KerasError &&
          new RegExp(
            `model\\.save\\("${dir}"\\) failed and left the folder as it was: the disk holding "${dir}" is full \\(No space left on device.*Free some space or choose a folder on another disk`,
          ).test(e.message),
      );
      assert.deepEqual(
        names(dir),
        before,
        "no temp file left on the full disk",
      );
      assert.deepEqual(
        await predictions(await loadModel(dir)),
        await predictions(old),
      );
    });
  },
});

Deno.test({
  name:
    "a read-only folder fails the save with the fix; loading from it still works",
  ignore: TMPFS_SKIP !== null,
  fn: async () => {
    await setup();
    await withTmpfs(256, async (dir) => {
      const old = tinyModel(1);
      await old.save(`${dir}/m`);
      await remountReadOnly(dir);
      await assert.rejects(
        () => tinyModel(2).save(`${dir}/m`),
        /failed and left the folder as it was: ".*\/m" cannot be written \(Read-only file system.*Choose a folder you can write to/,
      );
      await assert.rejects(
        () => tinyModel(2).save(`${dir}/new`),
        /".*\/new" cannot be written \(Read-only file system/,
      );
      assert.deepEqual(
        await predictions(await loadModel(`${dir}/m`)),
        await predictions(old),
      );
    });
  },
});
