/**
 * The committed notebooks are exactly what `tools/notebooks/build.ts` makes
 * from `notebooks/src/`, and carry what JupyterLab / VS Code need to pick the
 * Deno kernel.
 */
import assert from "node:assert/strict";
import { basename } from "node:path";
import {
  buildTarget,
  chapterSources,
  notebookTargets,
} from "../../tools/notebooks/build.ts";

const CHAPTERS = [
  "01_datos",
  "02_lenet",
  "03_inception",
  "04_resnet",
  "05_batchnorm",
  "06_separables",
];

interface Cell {
  cell_type: string;
  id?: string;
  execution_count?: unknown;
  outputs?: unknown[];
  source: string[];
}

function readNotebook(name: string) {
  const path = new URL(`../../notebooks/${name}.ipynb`, import.meta.url);
  return JSON.parse(Deno.readTextFileSync(path));
}

Deno.test("every chapter has a source and a committed notebook", () => {
  const sources = chapterSources().map((p) => basename(p, ".ts"));
  assert.deepEqual(sources, CHAPTERS);
});

Deno.test("committed notebooks are up to date with notebooks/src (run: deno task notebooks:build)", () => {
  for (const target of notebookTargets().filter((t) => !t.exercise)) {
    const committed = Deno.readTextFileSync(target.notebook);
    assert.ok(
      committed === buildTarget(target),
      `${basename(target.notebook)} differs from ${
        basename(target.source)
      }; run: deno task notebooks:build`,
    );
  }
});

Deno.test("notebooks are nbformat 4.5 for the Deno kernel, without outputs", () => {
  for (const name of CHAPTERS) {
    const nb = readNotebook(name);
    assert.equal(nb.nbformat, 4, name);
    assert.equal(nb.nbformat_minor, 5, name);
    assert.deepEqual(nb.metadata.kernelspec, {
      display_name: "Deno",
      language: "typescript",
      name: "deno",
    });
    assert.equal(nb.metadata.language_info.name, "typescript");
    assert.equal(nb.metadata.language_info.file_extension, ".ts");
    assert.equal(nb.metadata.language_info.mimetype, "text/x.typescript");
    assert.match(nb.metadata.title, /^Diseño de CNNs · \d\. /);
    const ids = new Set<string>();
    for (const cell of nb.cells as Cell[]) {
      assert.ok(cell.id && /^[a-zA-Z0-9_-]{1,64}$/.test(cell.id), name);
      assert.ok(!ids.has(cell.id), `${name}: repeated id ${cell.id}`);
      ids.add(cell.id);
      if (cell.cell_type === "code") {
        assert.equal(cell.execution_count, null, `${name}/${cell.id}`);
        assert.deepEqual(cell.outputs, [], `${name}/${cell.id}`);
      }
    }
  }
});

Deno.test("every notebook loads and splits the data itself, from the course library", () => {
  for (const name of CHAPTERS) {
    const code = (readNotebook(name).cells as Cell[])
      .filter((c) => c.cell_type === "code")
      .map((c) => c.source.join(""))
      .join("\n");
    assert.match(code, /await datasets\.mnist\.loadData\(\)/, name);
    assert.match(code, /testSize: 10000,\s+randomState: 42,/, name);
    assert.doesNotMatch(code, /\b(dataSync|arraySync)\(|\.print\(/, name);
    for (const m of code.matchAll(/from "([^"]+)"/g)) {
      assert.ok(
        m[1] === "cnn/mod.ts" || m[1] === "@tensorflow/tfjs",
        `${name} imports ${m[1]}; notebooks import only "cnn/mod.ts" and tfjs`,
      );
    }
  }
});

Deno.test("training chapters keep the tutorial's recipe: 5 epochs, batch 256, SGD 0.1", () => {
  for (const name of CHAPTERS.slice(1)) {
    const code = (readNotebook(name).cells as Cell[])
      .filter((c) => c.cell_type === "code")
      .map((c) => c.source.join(""))
      .join("\n");
    if (name === "05_batchnorm" || /\.fit\(/.test(code)) {
      assert.match(code, /const nEpochs = 5;/, name);
      assert.match(code, /const batchSize = 256;/, name);
      assert.match(code, /optimizers\.SGD\(\{ learningRate: 0\.1 \}\)/, name);
      assert.match(code, /loss: "sparse_categorical_crossentropy"/, name);
    }
  }
});
