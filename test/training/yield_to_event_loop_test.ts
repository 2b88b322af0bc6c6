import assert from "node:assert/strict";
import { yieldToEventLoop } from "../../lib/training/loop.ts";

// fit yields between batches so that Jupyter's messages and the SIGINT
// listener (both async operations of the runtime) get their turn: a yield
// that only ran microtasks would leave them waiting until the epoch ends.
Deno.test("yieldToEventLoop lets the runtime's pending I/O finish", async () => {
  let done = false;
  const read = Deno.readTextFile(new URL(import.meta.url)).then(() => {
    done = true;
  });
  for (let i = 0; i < 1000 && !done; i++) await yieldToEventLoop();
  assert.ok(done, "a file read started before did not finish");
  await read;
});

Deno.test("yieldToEventLoop leaves nothing open behind it", async () => {
  // The test sanitizers fail a test that leaves a port or timer open.
  for (let i = 0; i < 10; i++) await yieldToEventLoop();
});
