/**
 * The percent-format parser (`tools/notebooks/source.ts`) and the renderer of
 * `tools/notebooks/build.ts`: cells, ids, errors.
 */
import assert from "node:assert/strict";
import { renderNotebook } from "../../tools/notebooks/build.ts";
import { parseSource } from "../../tools/notebooks/source.ts";

const SAMPLE = [
  '// %% [markdown] id="intro"',
  "// # Título",
  "//",
  "// Texto con `código`.",
  "",
  '// %% id="code-1"',
  "const a = 1;",
  "",
  "a + 1;",
  "",
].join("\n");

Deno.test("markdown comments and code become cells with their ids", () => {
  assert.deepEqual(parseSource(SAMPLE), [
    { kind: "markdown", id: "intro", text: "# Título\n\nTexto con `código`." },
    { kind: "code", id: "code-1", text: "const a = 1;\n\na + 1;" },
  ]);
});

Deno.test("rendered notebook stores lines as Jupyter does, without outputs", () => {
  const nb = JSON.parse(renderNotebook(parseSource(SAMPLE)));
  assert.deepEqual(nb.cells[1], {
    cell_type: "code",
    execution_count: null,
    id: "code-1",
    metadata: {},
    outputs: [],
    source: ["const a = 1;\n", "\n", "a + 1;"],
  });
  assert.equal(nb.metadata.title, "Título");
  assert.equal(nb.nbformat_minor, 5);
});

Deno.test("rendering is deterministic: sorted keys, one-space indent, final newline", () => {
  const text = renderNotebook(parseSource(SAMPLE));
  assert.equal(text, renderNotebook(parseSource(SAMPLE)));
  assert.ok(
    text.startsWith('{\n "cells": [\n  {\n   "cell_type": "markdown",'),
  );
  assert.ok(text.endsWith('\n "nbformat": 4,\n "nbformat_minor": 5\n}\n'));
});

Deno.test("bad sources fail with the file, line and what to write", () => {
  assert.throws(
    () => parseSource("// %%\nconst a = 1;\n", "x.ts"),
    /x\.ts:1: cell marker without id/,
  );
  assert.throws(
    () => parseSource('// %% id="a"\n1;\n// %% id="a"\n2;\n', "x.ts"),
    /x\.ts:3: cell id "a" repeated/,
  );
  assert.throws(
    () => parseSource('// %% id="a b"\n1;\n', "x.ts"),
    /cell id "a b" must be/,
  );
  assert.throws(
    () => parseSource('const a = 1;\n// %% id="a"\n1;\n', "x.ts"),
    /x\.ts:1: text before the first/,
  );
  assert.throws(
    () => parseSource('// %% [markdown] id="m"\nnot a comment\n', "x.ts"),
    /x\.ts:2: markdown lines must start with "\/\/ "/,
  );
  assert.throws(
    () => parseSource('// %% id="a"\n\n// %% id="b"\n1;\n', "x.ts"),
    /cell "a" is empty/,
  );
});
