/**
 * The layers of `lib/`, enforced on the import graph read from the source
 * (`import_graph.ts`):
 *
 * - no import cycle between files, nor between the folders of `lib/` (the
 *   top-level files `mod.ts`, `api.ts`, `internals.ts` count as one unit
 *   each);
 * - `core/` is the bottom: it imports no other part of `lib/`;
 * - `host/` (all that talks to Jupyter or a terminal: display, status line,
 *   progress bar and writers, interrupts, the plotly loader) sits just above
 *   it: it imports only `core/`, so every engine folder may use it, as
 *   Keras's trainers call its `Progbar`;
 * - `training/` never imports `keras/` (models reach it through
 *   `core/types.ts`'s `TrainableModel`), as Keras's trainers never import
 *   a model class;
 * - the engine (`backend`, `data`, `keras`, `training`, `plots`, `core`,
 *   `host`, `files`) never imports the course (`course/`:
 *   `course/models/`, `course/exercises/`) nor the entry points at the top
 *   (`mod.ts`, which boots, `api.ts`, `internals.ts`);
 * - the engine reads no `CNN_*` environment variable but the backend's own
 *   settings (and the test-only fault hook of `files/`).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  codeOnly,
  cycles,
  type Edge,
  graphOf,
  LIB,
  libEdges,
  libFiles,
  ROOT,
  specifiers,
  unitOf,
} from "./import_graph.ts";

const COURSE = new Set(["course"]);
/** The entry points at the top of `lib/`: only tools, tests and notebooks import them. */
const ENTRIES = new Set(["mod.ts", "api.ts", "internals.ts"]);
const ENGINE = new Set([
  "backend",
  "data",
  "keras",
  "training",
  "plots",
  "core",
  "files",
  "host",
]);
/** The `CNN_*` variables engine files may read, each where it is read. */
const ENGINE_ENV: Record<string, string> = {
  CNN_BACKEND: "backend/select.ts", // the backend choice
  CNN_THREADS: "backend/wasm_threads.ts", // the wasm backend's thread count
  CNN_FAULT_AT: "files/fault_points.ts", // test-only crash points of atomic writes
};

const edges = libEdges();
const show = (list: Edge[]) =>
  list.map((e) => `${e.from} imports "${e.specifier}"`).join("\n");

Deno.test("the parser finds static, type-only, re-export, side-effect and dynamic imports, never ones in comments or strings", () => {
  const source = `
    import * as tf from "@tensorflow/tfjs";
    import type { Shape } from '../core/types.ts';
    export { fit } from "./fit.ts";
    export * from "./loop.ts";
    import "./side_effect.ts";
    const later = await import("./dynamic.ts");
    // import { x } from "./line_comment.ts";
    /** @example import { y } from "./jsdoc.ts"; */
    const text = 'import { z } from "./in_string.ts"';
    const url = "https://example.org/from"; import { w } from "./after_url.ts";
  `;
  assert.deepEqual(specifiers(source), [
    "@tensorflow/tfjs",
    "../core/types.ts",
    "./fit.ts",
    "./loop.ts",
    "./side_effect.ts",
    "./dynamic.ts",
    "./after_url.ts",
  ]);
});

Deno.test("the graph covers lib/: every folder appears and the edges resolve to files that exist", () => {
  const units = new Set(libFiles().map(unitOf));
  for (const u of [...ENGINE, ...COURSE, ...ENTRIES]) {
    assert.ok(units.has(u), `lib/${u} is missing from the graph`);
  }
  const files = new Set(libFiles());
  const dangling = edges.filter((e) => !files.has(e.to));
  assert.deepEqual(dangling, [], show(dangling));
  assert.ok(edges.length > 300, `only ${edges.length} imports found`);
});

Deno.test("no file-level import cycle in lib/", () => {
  assert.deepEqual(cycles(graphOf(edges)), []);
});

Deno.test("no import cycle between the folders of lib/", () => {
  const found = cycles(graphOf(edges, unitOf));
  const detail = found.map((c) =>
    show(edges.filter((e) => {
      const [a, b] = [unitOf(e.from), unitOf(e.to)];
      return a !== b && c.includes(a) && c.includes(b);
    }))
  );
  assert.deepEqual(found, [], detail.join("\n\n"));
});

Deno.test("core/ imports no other part of lib/, host/ only core/, and training/ never imports keras/", () => {
  const bad = edges.filter((e) =>
    (unitOf(e.from) === "core" && unitOf(e.to) !== "core") ||
    (unitOf(e.from) === "host" && !["host", "core"].includes(unitOf(e.to))) ||
    (unitOf(e.from) === "training" && unitOf(e.to) === "keras")
  );
  assert.deepEqual(bad, [], show(bad));
});

Deno.test("the engine never imports the course layer nor the entry points (mod.ts, api.ts, internals.ts)", () => {
  const bad = edges.filter((e) =>
    ENGINE.has(unitOf(e.from)) &&
    (COURSE.has(unitOf(e.to)) || ENTRIES.has(e.to))
  );
  assert.deepEqual(bad, [], show(bad));
});

Deno.test("the engine reads no CNN_* variable but the backend's settings", () => {
  const bad: string[] = [];
  for (const file of libFiles().filter((f) => ENGINE.has(unitOf(f)))) {
    const source = Deno.readTextFileSync(join(LIB, file));
    const { code, strings } = codeOnly(source);
    for (const m of code.matchAll(/Deno\.env\.get\(\s*(\S)/g)) {
      const quote = m.index! + m[0].length - 1;
      const name = strings.get(quote);
      if (name === undefined) {
        bad.push(`${file}: Deno.env.get with a computed name`);
      } else if (name.startsWith("CNN_") && ENGINE_ENV[name] !== file) {
        bad.push(`${file}: reads ${name}`);
      }
    }
  }
  assert.deepEqual(bad, []);
});

/**
 * The "May import" column of docs/architecture.md's folder table, so that the
 * page a newcomer reads and the graph cannot drift apart.
 */
function allowedFromDocs(): Map<string, Set<string>> {
  const doc = Deno.readTextFileSync(join(ROOT, "docs", "architecture.md"));
  const allowed = new Map<string, Set<string>>();
  for (const line of doc.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const folder = /^`([a-z]+)\/`$/.exec(cells[1] ?? "");
    if (!folder) continue;
    const names = [...(cells[2] ?? "").matchAll(/`([a-z]+)\/`/g)].map((m) =>
      m[1]
    );
    allowed.set(folder[1], new Set(names));
  }
  return allowed;
}

Deno.test("each folder of lib/ imports only what docs/architecture.md's table allows, and every folder has a row", () => {
  const allowed = allowedFromDocs();
  const folders = new Set(
    edges.flatMap((e) => [unitOf(e.from), unitOf(e.to)]).filter((u) =>
      !u.endsWith(".ts")
    ),
  );
  assert.deepEqual(
    [...folders].filter((f) => !allowed.has(f)).sort(),
    [],
    "folders without a row in docs/architecture.md",
  );
  const bad = edges.filter((e) => {
    const from = unitOf(e.from);
    const to = unitOf(e.to);
    return from !== to && !from.endsWith(".ts") &&
      !allowed.get(from)?.has(to);
  });
  assert.deepEqual(bad, [], show(bad));
});
