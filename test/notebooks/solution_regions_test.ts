/**
 * One exercise source, two notebooks: solution regions and solution cells
 * (tools/notebooks/source.ts parses and checks them, tools/notebooks/solution_regions.ts
 * resolves them), and the errors for malformed ones, naming file and line.
 */
import assert from "node:assert/strict";
import { parseSource } from "../../tools/notebooks/source.ts";
import {
  DEFAULT_STUB,
  solutionText,
  studentText,
  variantCells,
} from "../../tools/notebooks/solution_regions.ts";

const SOURCE = [
  '// %% [markdown] id="titulo"',
  "// # Ejercicio 9 · Sumar",
  "//",
  "// Completa `suma`.",
  "",
  '// %% id="respuesta"',
  "// ### BEGIN SOLUTION",
  'import { x } from "./x.ts";',
  "// ### STUB",
  "// ### END SOLUTION",
  "",
  "function suma(a: number, b: number): number {",
  "  // ### BEGIN SOLUTION",
  "  // a más b",
  "  return a + b;",
  "  // ### STUB",
  "  // // TODO: devuelve la suma",
  "  // return Number.NaN;",
  "  //",
  "  // if (a) {",
  "  //   return 0;",
  "  // }",
  "  // ### END SOLUTION",
  "}",
  "",
  '// %% id="respuesta-libre"',
  "const resto = {",
  "  // ### BEGIN SOLUTION",
  "  valor: 7 % 3,",
  "  // ### END SOLUTION",
  "};",
  "",
  '// %% id="comprobar" shows="display"',
  "suma(1, 2);",
  "",
  '// %% [markdown] id="solucion-texto" solution',
  "// ## Y además",
  "",
  '// %% id="solucion-extra" shows="value" solution',
  "suma(2, 2);",
  "",
].join("\n");

const cells = () => parseSource(SOURCE, "ej.ts", { exercise: true });

Deno.test("the student notebook gets the stubs, uncommented, and no solution cells", () => {
  const student = variantCells(cells(), "ejercicio", "ej.ts");
  assert.deepEqual(student.map((c) => c.id), [
    "titulo",
    "respuesta",
    "respuesta-libre",
    "comprobar",
  ]);
  assert.equal(student[0].text, "# Ejercicio 9 · Sumar\n\nCompleta `suma`.");
  // The empty stub of the import leaves nothing, not even the blank line after it.
  assert.equal(
    student[1].text,
    [
      "function suma(a: number, b: number): number {",
      "  // TODO: devuelve la suma",
      "  return Number.NaN;",
      "",
      "  if (a) {",
      "    return 0;",
      "  }",
      "}",
    ].join("\n"),
  );
  // Without a STUB, the region becomes the default line at the BEGIN's indentation.
  assert.equal(student[2].text, `const resto = {\n  ${DEFAULT_STUB}\n};`);
  assert.equal(student[3].shows, "display");
  assert.ok(student.every((c) => !("solution" in c)));
});

Deno.test("the solution notebook keeps the region code, drops markers and stubs, adds its cells", () => {
  const solution = variantCells(cells(), "solucion", "ej.ts");
  assert.deepEqual(solution.map((c) => c.id), [
    "titulo",
    "respuesta",
    "respuesta-libre",
    "comprobar",
    "solucion-texto",
    "solucion-extra",
  ]);
  assert.equal(
    solution[0].text,
    "# Ejercicio 9 · Sumar (solución)\n\nCompleta `suma`.",
  );
  assert.equal(
    solution[1].text,
    [
      'import { x } from "./x.ts";',
      "",
      "function suma(a: number, b: number): number {",
      "  // a más b",
      "  return a + b;",
      "}",
    ].join("\n"),
  );
  assert.equal(solution[2].text, "const resto = {\n  valor: 7 % 3,\n};");
  assert.equal(solution[5].shows, "value");
  assert.ok(solution.every((c) => !("solution" in c)));
  assert.doesNotMatch(solution.map((c) => c.text).join("\n"), /###|TODO/);
});

Deno.test("cells without regions are the same in both notebooks", () => {
  const text = "const a = 1;\n// a comment\na + 1;";
  assert.equal(studentText(text), text);
  assert.equal(solutionText(text), text);
});

Deno.test("the parser keeps the markers and flags solution cells", () => {
  const parsed = cells();
  assert.match(parsed[1].text, /\/\/ ### BEGIN SOLUTION/);
  assert.equal(parsed[4].solution, true);
  assert.equal(parsed[5].solution, true);
  assert.equal(parsed[5].shows, "value");
  assert.equal("solution" in parsed[1], false);
});

/** Parses `lines` as an exercise source named x.ts. */
function parse(lines: string[], exercise = true) {
  return parseSource(lines.join("\n"), "x.ts", { exercise });
}

Deno.test("malformed regions fail naming the file, the line and the fix", () => {
  const cases: [string[], RegExp][] = [
    [
      ['// %% id="a"', "// ### BEGIN SOLUTION", "1;", '// %% id="b"', "2;"],
      /^Error: x\.ts:2: "\/\/ ### BEGIN SOLUTION" is not closed: cell "a" ends before its "\/\/ ### END SOLUTION"/,
    ],
    [
      ['// %% id="a"', "1;", "  // ### END SOLUTION"],
      /^Error: x\.ts:3: "\/\/ ### END SOLUTION" without a "\/\/ ### BEGIN SOLUTION" before it/,
    ],
    [
      ['// %% id="a"', "// ### STUB", "1;"],
      /^Error: x\.ts:2: "\/\/ ### STUB" outside a solution region/,
    ],
    [
      [
        '// %% id="a"',
        "// ### BEGIN SOLUTION",
        "// ### BEGIN SOLUTION",
        "// ### END SOLUTION",
      ],
      /^Error: x\.ts:3: "\/\/ ### BEGIN SOLUTION" inside the region opened at line 2/,
    ],
    [
      [
        '// %% id="a"',
        "// ### BEGIN SOLUTION",
        "1;",
        "// ### STUB",
        "// ### STUB",
        "// ### END SOLUTION",
      ],
      /^Error: x\.ts:5: second "\/\/ ### STUB" in the region opened at line 2/,
    ],
    [
      [
        '// %% id="a"',
        "// ### BEGIN SOLUTION",
        "1;",
        "// ### STUB",
        "const b = 2;",
        "// ### END SOLUTION",
      ],
      /^Error: x\.ts:5: after "\/\/ ### STUB" \(line 4\) every line up to "\/\/ ### END SOLUTION" is the student's code written as a \/\/ comment; got "const b = 2;" \(is the END missing\?\)/,
    ],
    [
      ['// %% [markdown] id="m"', "// # T", "// ### BEGIN SOLUTION", "// x"],
      /^Error: x\.ts:3: solution region in markdown cell "m"; regions go in code cells/,
    ],
    [
      ['// %% id="a"', "// ## BEGIN SOLUTION", "1;", "// ## END SOLUTION"],
      /^Error: x\.ts:2: "\/\/ ## BEGIN SOLUTION" is not a solution marker; write "\/\/ ### BEGIN SOLUTION"/,
    ],
    [
      ['// %% id="a"', "// ### BEGIN SOLUTIONS", "1;"],
      /^Error: x\.ts:2: .* is not a solution marker/,
    ],
    [
      [
        '// %% id="a" solution',
        "// ### BEGIN SOLUTION",
        "1;",
        "// ### END SOLUTION",
      ],
      /^Error: x\.ts:2: solution region in cell "a", which is already a solution cell/,
    ],
  ];
  for (const [lines, error] of cases) {
    assert.throws(() => parse(lines), error, lines.join(" | "));
  }
});

Deno.test("chapter sources may not hold regions or solution cells", () => {
  assert.throws(
    () =>
      parse(
        ['// %% id="a"', "// ### BEGIN SOLUTION", "1;", "// ### END SOLUTION"],
        false,
      ),
    /^Error: x\.ts:2: a solution region belongs in exercise sources \(notebooks\/src\/ejercicios\/\)/,
  );
  assert.throws(
    () => parse(['// %% id="a" shows="value" solution', "1;"], false),
    /^Error: x\.ts:1: a solution cell belongs in exercise sources/,
  );
});

Deno.test("a student cell left empty, or an exercise without a title, is refused", () => {
  const empty = parse([
    '// %% [markdown] id="t"',
    "// # T",
    '// %% id="a"',
    "// ### BEGIN SOLUTION",
    "1;",
    "// ### STUB",
    "// ### END SOLUTION",
  ]);
  assert.equal(variantCells(empty, "solucion", "x.ts")[1].text, "1;");
  assert.throws(
    () => variantCells(empty, "ejercicio", "x.ts"),
    /^Error: x\.ts: cell "a" is empty in the student notebook; give its region a stub, or mark the cell solution/,
  );
  assert.throws(
    () => variantCells(parse(['// %% id="a"', "1;"]), "ejercicio", "x.ts"),
    /^Error: x\.ts: an exercise source needs a title, a "# " heading/,
  );
});
