import assert from "node:assert/strict";
import { quickMode } from "../../lib/course/quick_flag.ts";
import { sharedInputs } from "../../tools/notebooks/execution_cache.ts";

// The tools (executor, execution cache) and the notebooks read CNN_QUICK
// through this one predicate; a child's environment is passed as a value.
Deno.test("quickMode(value): 1 and true (any case) mean quick, anything else full", () => {
  for (const v of ["1", "true", "TRUE", "True"]) {
    assert.equal(quickMode(v), true, v);
  }
  for (const v of ["0", "false", "", "yes", " 1"]) {
    assert.equal(quickMode(v), false, JSON.stringify(v));
  }
});

Deno.test("the execution cache's mode follows the course's flag", async () => {
  assert.equal((await sharedInputs(quickMode("1"))).mode, "quick");
  assert.equal((await sharedInputs(quickMode("0"))).mode, "full");
});
