/**
 * Scoring of sandbox outcomes: the nonce rule, tampering, dead kernels,
 * partial credit with its reason, hidden checks.
 */
import assert from "node:assert/strict";
import { partialPoints, score } from "../../tools/grade/score.ts";
import { rubricFor } from "../../tools/grade/rubric.ts";
import type { SandboxOutcome } from "../../tools/grade/sandbox.ts";

const ex2 = rubricFor("02_convblock")!;
const NONCE = "n-123";

function outcome(
  bundles: unknown[],
  extra: Partial<SandboxOutcome> = {},
): SandboxOutcome {
  return {
    status: "ok",
    cells: [{ role: "check", status: "ok", seconds: 0.1 }],
    bundles,
    seconds: 1,
    message: "",
    oom: false,
    memoryLimited: true,
    ...extra,
  };
}

const result = (passed: boolean, right: string[], wrong: string[]) => ({
  exercise: "x",
  passed,
  right,
  wrong,
  hints: wrong.length ? ["Pista."] : [],
});

const good = {
  nonce: NONCE,
  exercise: "02_convblock",
  checks: [
    {
      name: "principal",
      hidden: false,
      result: result(false, ["a", "b", "c"], ["d"]),
    },
    {
      name: "oculta: otros tamaños",
      hidden: true,
      result: result(false, ["x"], ["secreto"]),
    },
  ],
};

Deno.test("partial credit is the share of right findings; hidden checks are all or nothing and show no details", () => {
  const s = score(outcome([good]), ex2, NONCE);
  assert.equal(s.status, "ok");
  const [main, hidden] = s.checks;
  assert.equal(main.points, 6);
  assert.equal(main.max, 8);
  assert.match(
    main.message,
    /^Crédito parcial: 3 de 4 aspectos correctos\. d$/,
  );
  assert.deepEqual(
    [hidden.points, hidden.message, hidden.wrong, hidden.hints],
    [
      0,
      "comprobación oculta: no superada",
      [],
      [],
    ],
  );
  assert.equal(partialPoints(10, 0, 3), 0);
  assert.equal(partialPoints(10, 2, 0), 10);
  assert.equal(partialPoints(10, 1, 2), 3.3);
});

Deno.test("bundles with another nonce are ignored; two with this nonce or a tampered realm give 0", () => {
  const forged = {
    ...good,
    nonce: "guess",
    checks: [{
      name: "principal",
      hidden: false,
      result: result(true, ["a"], []),
    }],
  };
  const none = score(outcome([forged]), ex2, NONCE);
  assert.equal(none.status, "no-result");
  assert.ok(none.checks.every((c) => c.points === 0));
  const twice = score(outcome([good, good]), ex2, NONCE);
  assert.equal(twice.status, "tampered");
  const other = score(
    outcome([{ ...good, exercise: "01_contar_parametros" }]),
    ex2,
    NONCE,
  );
  assert.equal(other.status, "tampered");
  const patched = score(
    outcome([{
      nonce: NONCE,
      exercise: "02_convblock",
      tampered: ["Array.prototype.every: reemplazado"],
      checks: [],
    }]),
    ex2,
    NONCE,
  );
  assert.equal(patched.status, "tampered");
  assert.match(patched.note, /Array\.prototype\.every/);
  assert.ok(patched.checks.every((c) => c.points === 0));
});

Deno.test("a dead, stuck or out-of-memory kernel scores 0 with the reason", () => {
  const died = score(outcome([], { status: "kernel-died" }), ex2, NONCE);
  assert.equal(died.status, "kernel-died");
  assert.match(died.note, /Deno\.exit/);
  const loop = score(outcome([], { status: "timeout" }), ex2, NONCE);
  assert.match(loop.note, /bucle infinito/);
  const oom = score(
    outcome([], { status: "kernel-died", oom: true }),
    ex2,
    NONCE,
  );
  assert.equal(oom.status, "oom");
  assert.match(oom.note, /memoria/);
  assert.ok(
    [died, loop, oom].every((s) => s.checks.every((c) => c.points === 0)),
  );
});

Deno.test("a result bundle from a kernel that died during the check does not count", () => {
  const died = score(
    outcome([good], {
      status: "kernel-died",
      cells: [{ role: "check", status: "kernel-died", seconds: 1 }],
    }),
    ex2,
    NONCE,
  );
  assert.equal(died.status, "kernel-died");
  assert.ok(died.checks.every((c) => c.points === 0));
  const failedCheck = score(
    outcome([good], {
      cells: [{ role: "check", status: "error", seconds: 1 }],
    }),
    ex2,
    NONCE,
  );
  assert.equal(failedCheck.status, "no-result");
});

Deno.test("a guard that was never armed, or a preamble that failed, is the grader's error, not a grade", () => {
  const unarmed = score(
    outcome([{
      nonce: NONCE,
      exercise: "02_convblock",
      unarmed: true,
      checks: good.checks,
    }]),
    ex2,
    NONCE,
  );
  assert.equal(unarmed.status, "error");
  assert.match(unarmed.note, /vuelve a calificarla/);
  assert.ok(unarmed.checks.every((c) => c.points === 0));
  const preamble = score(
    outcome([], {
      status: "preamble",
      message: "Error: Backend 'wasm' has not yet been initialized",
      cells: [{ role: "preamble", status: "error", seconds: 1 }],
    }),
    ex2,
    NONCE,
  );
  assert.equal(preamble.status, "error");
  assert.match(preamble.note, /no se ejecutó nada de la entrega/);
  assert.match(preamble.note, /has not yet been initialized/);
});
