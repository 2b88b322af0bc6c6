/**
 * The `shows="…"` declarations of the notebook sources
 * (tools/notebooks/cell_expectations.ts) and how `check:ui` and the course hold cells
 * to them: a misrouted output fails both its cells.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseSource } from "../../tools/notebooks/source.ts";
import {
  type CellExpectation,
  cellExpectations,
  cellProblems,
  expectedFigures,
  parseShows,
  type SeenCell,
  seenFromOutputs,
} from "../../tools/notebooks/cell_expectations.ts";
import {
  uiProblems,
  type UiRecord,
  type UiState,
} from "../../tools/ui/check_ui.ts";
import {
  listNotebooks,
  NOTEBOOK_DIRS,
  ROOT,
} from "../../tools/notebooks/files.ts";

Deno.test("shows= parses kinds, figure counts and titles", () => {
  assert.deepEqual(parseShows(undefined, "x"), {
    kinds: [],
    optional: [],
    figures: 0,
    titles: [],
  });
  assert.deepEqual(parseShows("value figure[8]", "x"), {
    kinds: ["figure", "value"],
    optional: [],
    figures: 1,
    titles: ["8"],
  });
  assert.deepEqual(parseShows("text  figure*2 display", "x"), {
    kinds: ["display", "figure", "text"],
    optional: [],
    figures: 2,
    titles: [],
  });
});

Deno.test("text? may be missing (a kernel's first run only), but not elsewhere", () => {
  const first = [{ id: "datos", shows: parseShows("text? value", "t") }];
  assert.deepEqual(first[0].shows.optional, ["text"]);
  assert.deepEqual(
    cellProblems(first, [{ kinds: ["text", "value"], titles: [] }]),
    [],
  );
  assert.deepEqual(cellProblems(first, [{ kinds: ["value"], titles: [] }]), []);
  assert.deepEqual(cellProblems(first, [{ kinds: ["text"], titles: [] }]), [
    'cell 1 "datos": no value',
  ]);
  assert.throws(() => parseShows("figure?", "w"), /figures are never optional/);
});

Deno.test("a bad shows= names the cell, the word and what to write", () => {
  assert.throws(
    () => parseShows("plot", 'a.ts "c"'),
    /a\.ts "c": "plot" is not an output kind; write some of text, display, value, figure/,
  );
  assert.throws(() => parseShows("text*2", "w"), /only figure takes a count/);
  assert.throws(
    () => parseShows("display display", "w"),
    /"display" appears twice/,
  );
  assert.throws(
    () => parseShows("figure*0", "w"),
    /a figure count is 1 or more/,
  );
});

Deno.test("the source marker carries shows= on code cells only", () => {
  const cells = parseSource(
    '// %% [markdown] id="t"\n// # T\n\n// %% id="a" shows="value"\n1;\n// %% id="b"\n2;\n',
  );
  assert.equal(cells[1].shows, "value");
  assert.equal("shows" in cells[2], false);
  assert.throws(
    () => parseSource('// %% [markdown] id="t" shows="text"\n// # T\n', "x.ts"),
    /x\.ts:1: shows="…" belongs on code cells/,
  );
});

const DECLARED: CellExpectation[] = [
  { id: "datos", shows: parseShows("text value", "t") },
  { id: "imagen", shows: parseShows("figure[8] value", "t") },
  { id: "nada", shows: parseShows(undefined, "t") },
];

const SEEN: SeenCell[] = [
  { kinds: ["text", "value"], titles: [] },
  { kinds: ["figure", "value"], titles: ["8"] },
  { kinds: [], titles: [] },
];

Deno.test("cells that show what they declare pass", () => {
  assert.deepEqual(cellProblems(DECLARED, SEEN), []);
  assert.equal(expectedFigures(DECLARED), 1);
});

Deno.test("a value that lands under the next cell fails both cells", () => {
  const moved: SeenCell[] = [
    SEEN[0],
    { kinds: ["figure"], titles: ["8"] },
    { kinds: ["value"], titles: [] },
  ];
  assert.deepEqual(cellProblems(DECLARED, moved), [
    'cell 2 "imagen": no value',
    'cell 3 "nada": unexpected value',
  ]);
});

Deno.test("errors, wrong figure counts, missing titles and cell counts are reported", () => {
  const bad: SeenCell[] = [
    { kinds: ["text", "value", "error"], titles: [] },
    { kinds: ["figure", "figure", "value"], titles: ["7"] },
    { kinds: [], titles: [] },
  ];
  assert.deepEqual(cellProblems(DECLARED, bad), [
    'cell 1 "datos": an error output',
    'cell 2 "imagen": 2 figures, not 1; no figure titled "8" (titles ["7"])',
  ]);
  assert.deepEqual(cellProblems(DECLARED, SEEN.slice(0, 2)), [
    "2 code cells seen, 3 declared in the source",
  ]);
});

Deno.test("saved outputs map to kinds and figure titles", () => {
  const seen = seenFromOutputs([
    { output_type: "stream", name: "stdout", text: "hola\n" },
    {
      output_type: "display_data",
      data: {
        "application/vnd.plotly.v1+json": { layout: { title: { text: "8" } } },
        "text/plain": "x",
      },
    },
    { output_type: "display_data", data: { "text/html": "<table>" } },
    { output_type: "execute_result", data: { "text/plain": "2" } },
    { output_type: "error", ename: "E", evalue: "e", traceback: [] },
  ]);
  assert.deepEqual(seen, {
    kinds: ["text", "figure", "display", "value", "error"],
    titles: ["8"],
  });
});

function state(perCell: UiState["perCell"], drawn = 1): UiState {
  return {
    kernel: "deno",
    kernelDisplay: "Deno",
    unnumbered: 0,
    errors: [],
    errorText: [],
    cells: 3,
    figures: 1,
    drawn,
    titles: ["8"],
    missingNote: 0,
    perCell,
  };
}

Deno.test("check:ui fails a notebook whose Run All, second run or reload misplaces or loses a figure", () => {
  const good = SEEN.map((s, i) => ({ ...s, drawn: i === 1 ? 1 : 0 }));
  const record: UiRecord = {
    path: "n.ipynb",
    run1: state(good),
    run2: state(good),
    reloaded: state(good),
  };
  assert.deepEqual(uiProblems(record, DECLARED), []);
  assert.deepEqual(uiProblems(record, DECLARED, true), [
    "after Restart & Run All: no state",
  ]);
  assert.deepEqual(
    uiProblems({ ...record, restarted: state(good) }, DECLARED, true),
    [],
  );
  const reloadNotice =
    "http://127.0.0.1:1/notebooks/n.ipynb - Blocked attempt to show a 'beforeunload' confirmation panel";
  assert.deepEqual(
    uiProblems({ ...record, console_errors: [reloadNotice] }, DECLARED),
    [],
  );
  assert.deepEqual(
    uiProblems(
      { ...record, console_errors: ["x.js - Uncaught TypeError"] },
      DECLARED,
    ),
    ["console errors: x.js - Uncaught TypeError"],
  );
  const lost = good.map((c) => ({ ...c, drawn: 0 }));
  assert.deepEqual(
    uiProblems({ ...record, reloaded: state(lost, 0) }, DECLARED),
    [
      "after save + reload: 0 of 1 figures drawn",
      "after save + reload: cell 2: 0 of 1 figures drawn",
    ],
  );
  const moved = [good[0], { ...good[1], kinds: ["figure"] }, {
    ...good[2],
    kinds: ["value"],
  }];
  assert.deepEqual(uiProblems({ ...record, run2: state(moved) }, DECLARED), [
    'run 2: cell 2 "imagen": no value',
    'run 2: cell 3 "nada": unexpected value',
  ]);
});

Deno.test("every notebook's declarations parse and match its code cells", async () => {
  const notebooks = [
    ...await listNotebooks(NOTEBOOK_DIRS.curso),
    ...await listNotebooks(NOTEBOOK_DIRS.ejercicios),
    ...await listNotebooks(NOTEBOOK_DIRS.soluciones),
  ];
  assert.ok(notebooks.length >= 22, `found ${notebooks.length}`);
  for (const nb of notebooks) {
    const declared = cellExpectations(nb);
    const cells = JSON.parse(Deno.readTextFileSync(nb)).cells
      .filter((c: { cell_type: string }) => c.cell_type === "code");
    assert.deepEqual(
      declared.map((d) => d.id),
      cells.map((c: { id: string }) => c.id),
      nb,
    );
  }
  // The chapter with the digit: the UI must find it titled 8.
  const datos = cellExpectations(join(ROOT, "notebooks", "01_datos.ipynb"));
  assert.ok(datos.some((c) => c.shows.titles.includes("8")));
});
