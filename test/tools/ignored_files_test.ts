/**
 * What Jupyter and the tools leave in the working tree is ignored by git, so
 * a student's or teacher's `git status` shows only their own changes.
 */
import assert from "node:assert/strict";
import { ROOT } from "../../tools/notebooks/files.ts";

async function ignored(path: string): Promise<boolean> {
  const out = await new Deno.Command("git", {
    args: ["check-ignore", "--no-index", "-q", path],
    cwd: ROOT,
  }).output();
  return out.code === 0;
}

Deno.test("Jupyter's checkpoints, build output, the site, MNIST and Python bytecode are ignored; sources are not", async () => {
  for (
    const path of [
      "notebooks/.ipynb_checkpoints/01_datos-checkpoint.ipynb",
      "notebooks/ejercicios/.ipynb_checkpoints/01_contar_parametros-checkpoint.ipynb",
      "build/executed/notebooks/01_datos.ipynb",
      "site/index.html",
      "data/train-images-idx3-ubyte",
      "tools/notebooks/__pycache__/execute.cpython-311.pyc",
    ]
  ) {
    assert.ok(await ignored(path), `${path} should be ignored`);
  }
  for (
    const path of [
      "notebooks/01_datos.ipynb",
      "notebooks/src/01_datos.ts",
      "data/README.md",
    ]
  ) {
    assert.equal(await ignored(path), false, `${path} must not be ignored`);
  }
});
