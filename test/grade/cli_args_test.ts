/** `deno task grade` arguments: defaults, both flag spellings, clear errors. */
import assert from "node:assert/strict";
import { parseArgs } from "../../tools/grade/main.ts";

Deno.test("grade arguments: defaults and flags", () => {
  const d = parseArgs(["entregas"]);
  assert.equal(d.submissions, "entregas");
  assert.equal(d.out, "calificaciones");
  assert.equal(d.jobs, navigator.hardwareConcurrency || 1);
  const o = parseArgs([
    "e.zip",
    "--out",
    "notas",
    "--jobs=3",
    "--timeout",
    "90",
    "--memory=2048",
    "--quick",
  ]);
  assert.deepEqual(
    [o.submissions, o.out, o.jobs, o.timeoutS, o.memoryMiB, o.quick],
    ["e.zip", "notas", 3, 90, 2048, true],
  );
});

Deno.test("grade arguments: bad input says what was wrong and shows the usage", () => {
  assert.throws(
    () => parseArgs([]),
    /no submissions folder given\. usage: deno task grade/,
  );
  assert.throws(
    () => parseArgs(["e", "--jobs", "0"]),
    /--jobs needs a positive whole number \(got "0"\)/,
  );
  assert.throws(
    () => parseArgs(["e", "--timeout"]),
    /--timeout needs a positive whole number/,
  );
  assert.throws(() => parseArgs(["e", "--bogus"]), /unknown option --bogus/);
  assert.throws(() => parseArgs(["a", "b"]), /only one submissions folder/);
});
