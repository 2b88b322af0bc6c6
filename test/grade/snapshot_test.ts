/**
 * The realm snapshot of the grading kernel (tools/grade/kernel/snapshot.ts)
 * sees replaced, deleted and added functions on the built-ins and on the
 * watched modules, even when the attacker plants an accessor that would
 * swallow array writes; and ignores honest state changes.
 */
import assert from "node:assert/strict";
import {
  changesSince,
  takeSnapshot,
} from "../../tools/grade/kernel/snapshot.ts";

class Base {
  size(): number {
    return 1;
  }
}
const mod = { Base, helpers: { run: () => 1, counter: 0 } };

Deno.test("a clean realm reports nothing; honest state changes are not tampering", () => {
  const snap = takeSnapshot({ modules: { mod } });
  mod.helpers.counter++;
  (globalThis as Record<string, unknown>).studentFunction = () => 1;
  try {
    assert.equal(changesSince(snap), "");
  } finally {
    delete (globalThis as Record<string, unknown>).studentFunction;
  }
});

Deno.test("patched built-ins and library functions are reported", () => {
  const snap = takeSnapshot({ modules: { mod } });
  const every = Array.prototype.every;
  const size = Base.prototype.size;
  const run = mod.helpers.run;
  try {
    (Array.prototype as unknown as Record<string, unknown>).every = () => true;
    Base.prototype.size = () => 99;
    mod.helpers.run = () => 2;
    const report = changesSince(snap);
    assert.match(report, /Array\.prototype\.every: reemplazado/);
    assert.match(report, /mod\.Base\.prototype\.size: reemplazado/);
    assert.match(report, /mod\.helpers\.run: reemplazado/);
  } finally {
    Array.prototype.every = every;
    Base.prototype.size = size;
    mod.helpers.run = run;
  }
  assert.equal(changesSince(snap), "");
});

Deno.test("an accessor planted on Array.prototype[0] neither hides itself nor other changes", () => {
  const snap = takeSnapshot({ modules: { mod } });
  const json = Object.getOwnPropertyDescriptor(Object.prototype, "toJSON");
  assert.equal(json, undefined);
  try {
    Object.defineProperty(Array.prototype, "0", {
      configurable: true,
      get: () => undefined,
      set: () => {},
    });
    Object.defineProperty(Object.prototype, "toJSON", {
      configurable: true,
      writable: true,
      value: () => "{}",
    });
    const report = changesSince(snap);
    assert.match(report, /Array\.prototype\.0: añadido/);
    assert.match(report, /Object\.prototype\.toJSON: añadido/);
  } finally {
    delete (Array.prototype as unknown as Record<string, unknown>)["0"];
    // Array.prototype is an array: defining "0" made its length 1.
    (Array.prototype as unknown as { length: number }).length = 0;
    delete (Object.prototype as Record<string, unknown>).toJSON;
  }
  assert.equal(changesSince(snap), "");
});
