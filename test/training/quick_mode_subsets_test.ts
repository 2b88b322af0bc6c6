import assert from "node:assert/strict";

/** Runs the fixture with `CNN_QUICK=1` in a child and returns its JSON line. */
async function quickRun(...args: string[]) {
  const script = new URL("./fixtures/quick_mode_run.ts", import.meta.url);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script.pathname, ...args],
    env: { CNN_QUICK: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return JSON.parse(stdout.trim().split("\n").pop()!);
}

Deno.test("quick mode trains on 2,048/512 samples for 1 epoch, evaluates 512, and says so", async () => {
  const result = await quickRun();
  assert.equal(result.epochs, 1);
  assert.equal(result.steps, 64); // 2,048 / 32
  assert.equal(result.fit.length, 2);
  assert.equal(
    result.fit[0],
    "Quick mode (CNN_QUICK=1): 2,048 train / 512 validation samples, 1 epoch.",
  );
  assert.match(result.fit[1], /^64\/64 ━{20} .* - val_loss: \d\.\d{4}$/);
  assert.equal(
    result.evaluate[0],
    "Quick mode (CNN_QUICK=1): 512 test samples.",
  );
  assert.match(result.evaluate[1], /^16\/16 ━{20} /);
  assert.deepEqual(result.silent, []);
});

Deno.test("fit and evaluate alone ignore CNN_QUICK: quick mode is the course's, installed by lib/mod.ts", async () => {
  const result = await quickRun("engine-only");
  assert.equal(result.epochs, 5);
  assert.equal(result.steps, 94); // 3,000 / 32, rounded up
  assert.ok(!result.fit.some((l: string) => l.includes("Quick mode")));
  assert.match(result.evaluate[0], /^94\/94 ━{20} /);
});

Deno.test("importing lib/mod.ts, as the notebooks do, switches quick mode on", async () => {
  const result = await quickRun("mod");
  assert.equal(result.steps, 64);
  assert.equal(
    result.fit[0],
    "Quick mode (CNN_QUICK=1): 2,048 train / 512 validation samples, 1 epoch.",
  );
});
