import assert from "node:assert/strict";
import {
  JupyterWriter,
  LiveHistory,
  newFigureId,
  newOutputId,
  StatusLine,
} from "../../lib/internals.ts";

// Progress outputs, status lines, live figures and figure elements take
// their ids from one counter, so no two outputs of a kernel share an id.
Deno.test("every output id comes from one counter: <prefix>-<n>-<8 hex>, n rising across kinds", async () => {
  const ids = [newOutputId("cnn-test")];
  ids.push(new JupyterWriter(() => Promise.resolve()).displayId);
  ids.push((await StatusLine.show("…", { mode: "off" })).displayId);
  const live = new LiveHistory({ display: () => {} });
  await live.onTrainBegin(); // its figure takes an element id too
  ids.push(live.displayId);
  ids.push(newFigureId());
  const parts = ids.map((id) => {
    const m = id.match(/^(cnn-[a-z-]+)-(\d+)-[0-9a-f]{8}$/);
    assert.ok(m, id);
    return [m[1], Number(m[2])] as const;
  });
  assert.deepEqual(parts.map(([prefix]) => prefix), [
    "cnn-test",
    "cnn-progress",
    "cnn-status",
    "cnn-live-history",
    "cnn-plot",
  ]);
  const numbers = parts.map(([, n]) => n);
  for (let i = 1; i < numbers.length; i++) {
    assert.ok(numbers[i] > numbers[i - 1], ids.join(" "));
  }
  assert.equal(new Set(ids).size, ids.length);
});
