/**
 * The parts of `deno task check:hub` that need neither root nor a Hub: the
 * install snapshot that proves "a second run changes nothing", the chapter 02
 * output assertions, and the cgroup clean-up.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { differences, snapshot } from "../../tools/hub/install.ts";
import { assertChapter02 } from "../../tools/hub/report.ts";
import { removeCgroups } from "../../tools/hub/procs.ts";
import type { CellOutput } from "../../tools/hub/kernel_client.ts";
import type { NotebookRun } from "../../tools/hub/students.ts";

Deno.test("snapshot: an untouched tree has no differences, a touched file shows", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(dir, "lib"));
    await Deno.writeTextFile(join(dir, "lib", "a.ts"), "x");
    const before = snapshot(dir);
    assert.deepEqual(differences(before, snapshot(dir)), []);
    await Deno.utime(join(dir, "lib", "a.ts"), 1, 1);
    await Deno.writeTextFile(join(dir, "new.txt"), "y");
    assert.deepEqual(differences(before, snapshot(dir)).sort(), [
      join(dir, "lib", "a.ts"),
      join(dir, "new.txt"),
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

function run(outputs: CellOutput[]): NotebookRun {
  return {
    student: "ana",
    notebook: "cnn-curso/notebooks/02_lenet.ipynb",
    ok: true,
    outputs,
    firstOutputS: 1,
    wallS: 2,
    peakRssBytes: null,
    cpuSeconds: null,
    kernelId: "k",
    kernelPid: null,
    socket: undefined as unknown as NotebookRun["socket"],
  };
}

const text = (t: string): CellOutput => ({
  output_type: "display_data",
  data: { "text/plain": t },
});
const figure = (): CellOutput => ({
  output_type: "display_data",
  data: { "text/plain": "fig", "image/png": "iVBOR" },
});

Deno.test("assertChapter02: needs summary, finished bar, history and three figures", () => {
  const good = [
    text('Model: "LeNet-5"\n│ C1 (Conv2D) │\n Total params: 0 (0.00 B)'),
    text("8/8 ━━━━━━━━━━━━━━━━━━━━ 9s 1s/step - accuracy: 0.35"),
    text("epoch 1 - accuracy: 0.3545 - loss: 2.2142"),
    figure(),
    figure(),
    figure(),
  ];
  assertChapter02(run(good));
  assert.throws(() => assertChapter02(run(good.slice(0, 5))), /figure/);
  assert.throws(() =>
    assertChapter02(
      run([
        good[0],
        text("3/8 ━━━━ 1s 279ms/step - accuracy: 0.3"),
        ...good.slice(2),
      ]),
    ), /progress/);
  assert.throws(() => assertChapter02(run(good.slice(1))), /summary/);
});

Deno.test("removeCgroups: removes the users' cgroups and an emptied cnn-course, keeps others", async () => {
  const root = await Deno.makeTempDir();
  try {
    for (
      const p of [
        "memory/x/cnn-course/u1",
        "cpu/cnn-course/u1",
        "cpu/cnn-course/other",
      ]
    ) {
      await Deno.mkdir(join(root, p), { recursive: true });
    }
    const removed = removeCgroups(["u1"], root);
    assert.deepEqual(
      removed.sort(),
      [
        join(root, "cpu/cnn-course/u1"),
        join(root, "memory/x/cnn-course"),
        join(root, "memory/x/cnn-course/u1"),
      ].sort(),
    );
    await Deno.stat(join(root, "cpu/cnn-course/other"));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
