import assert from "node:assert/strict";
import { fileURLToPath as fromFileUrl } from "node:url";

// `deno test` aborts itself on SIGINT, so the scenarios run in a child
// process that sends itself the signal (as Jupyter does to the kernel).
const script = fromFileUrl(
  new URL("./fixtures/interrupt_script.ts", import.meta.url),
);
const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", script],
  stdout: "piped",
  stderr: "piped",
}).output();
const text = new TextDecoder().decode(stdout);
const result = code === 0
  ? JSON.parse(text.trim().split("\n").pop()!)
  : { failed: new TextDecoder().decode(stderr) };

Deno.test("the interrupt script ran", () => {
  assert.equal(code, 0, JSON.stringify(result));
});

Deno.test("outside Jupyter the lib leaves Ctrl+C alone unless asked", () => {
  assert.equal(result.outsideJupyterByDefault, false);
  assert.equal(result.forced, true);
});

Deno.test("SIGINT during fit stops it at a batch boundary with KeyboardInterrupt; fit works again", () => {
  assert.equal(
    result.fit.name,
    "KeyboardInterrupt",
    JSON.stringify(result.fit),
  );
  assert.match(
    result.fit.message,
    /^training interrupted in epoch \d+\/100000 after batch [1-8]\/8\. The weights keep the last completed batch; call fit\(\) again to continue\.$/,
  );
  assert.equal(result.leaked, 0, "the interrupted fit leaked tensors");
  assert.equal(result.finiteWeights, true);
  assert.equal(result.fitAgain, 2);
});

Deno.test("an interrupt that arrived before fit started does not stop it", () => {
  assert.equal(result.fitAfterEarlyInterrupt, 3);
});

Deno.test("SIGINT stops evaluate and predict too", () => {
  assert.match(
    result.evaluate.message,
    /^evaluation interrupted after batch \d+\.$/,
  );
  assert.match(
    result.predict.message,
    /^prediction interrupted after batch \d+\/40000\.$/,
  );
});
