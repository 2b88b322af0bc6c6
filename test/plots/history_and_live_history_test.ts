import assert from "node:assert/strict";
import { assertIncludes, assertRejects } from "./helpers.ts";
import { plots } from "cnn/plots/mod.ts";
import { type PlotBundle, PLOTLY_MIME } from "cnn/plots/figure.ts";
import type { DisplayOptions, MimeBundle } from "cnn/host/display.ts";
import type { Callback } from "cnn/core/types.ts";
import { historyFigure } from "cnn/plots/history.ts";

const logs = [
  { loss: 1.0518, accuracy: 0.712, val_loss: 0.3125, val_accuracy: 0.9033 },
  { loss: 0.2841, accuracy: 0.9161, val_loss: 0.2104, val_accuracy: 0.9382 },
  { loss: 0.1902, accuracy: 0.9441, val_loss: 0.1518, val_accuracy: 0.9551 },
];

Deno.test("history: loss and accuracy panels, training and validation lines", async () => {
  const record = {
    loss: logs.map((l) => l.loss),
    accuracy: logs.map((l) => l.accuracy),
    val_loss: logs.map((l) => l.val_loss),
    val_accuracy: logs.map((l) => l.val_accuracy),
  };
  const bundle = await plots.history({ history: record, epoch: [0, 1, 2] });
  const fig = bundle[PLOTLY_MIME];
  assert.deepEqual(fig.data.map((t) => [t.type, t.name, t.xaxis]), [
    ["scatter", "loss", "x"],
    ["scatter", "val_loss", "x"],
    ["scatter", "accuracy", "x2"],
    ["scatter", "val_accuracy", "x2"],
  ]);
  assert.deepEqual(fig.data[0].x, [1, 2, 3]);
  assert.deepEqual(fig.data[3].y, record.val_accuracy);
  assert.deepEqual(
    bundle["text/plain"].split("\n")[0],
    "epoch 1 - accuracy: 0.7120 - loss: 1.0518 - val_accuracy: 0.9033 - val_loss: 0.3125",
  );
  await assertRejects(
    () => plots.history({ loss: ["a"] } as never),
    TypeError,
    "history.loss must be an array of numbers",
  );
});

Deno.test("liveHistory redraws the same display id after every epoch", async () => {
  const calls: { bundle: MimeBundle; options: DisplayOptions }[] = [];
  const cb: Callback = plots.liveHistory({
    display: (bundle, options) => {
      calls.push({ bundle, options });
    },
  });
  await cb.onTrainBegin?.();
  for (const [epoch, l] of logs.entries()) await cb.onEpochEnd?.(epoch, l);
  await cb.onTrainEnd?.();
  assert.deepEqual(calls.length, 1 + logs.length);
  const ids = new Set(calls.map((c) => c.options.displayId));
  assert.deepEqual(ids.size, 1);
  assert.deepEqual(calls.map((c) => c.options.update), [
    false,
    true,
    true,
    true,
  ]);
  const last = calls.at(-1)!.bundle as PlotBundle;
  const loss = last[PLOTLY_MIME].data.find((t) => t.name === "val_loss")!;
  assert.deepEqual(loss.y, logs.map((l) => l.val_loss));
  assertIncludes(last["text/plain"], "epoch 3 - accuracy: 0.9441");
  // Every update stands alone: its own PNG, and a script that finds plotly.js
  // on the page or from the server (an update replaces the whole output).
  for (const c of calls) {
    assertIncludes(
      c.bundle["text/html"] as string,
      `data:image/png;base64,${c.bundle["image/png"]}`,
    );
    assertIncludes(c.bundle["text/html"] as string, "cnnLoadServedPlotly(");
  }
});

Deno.test("a second fit with the same callback starts a new figure", async () => {
  const ids: (string | undefined)[] = [];
  const cb = plots.liveHistory({
    display: (_b, o) => void ids.push(o.displayId),
  });
  await cb.onTrainBegin();
  await cb.onEpochEnd(0, logs[0]);
  await cb.onTrainBegin();
  await cb.onEpochEnd(0, logs[1]);
  assert.deepEqual(ids[0], ids[1]);
  assert.deepEqual(ids[2], ids[3]);
  assert.deepEqual(ids[0] === ids[2], false);
  assert.deepEqual(cb.record.loss, [logs[1].loss]);
});

Deno.test("liveHistory outside Jupyter stays silent and keeps the latest bundle", async () => {
  const cb = plots.liveHistory();
  await cb.onEpochEnd(0, logs[0]);
  assert.deepEqual(cb.bundle?.[PLOTLY_MIME].data.length, 4);
});

Deno.test("the history legend sits at the foot of the figure, clear of the epoch axis titles", () => {
  const fig = historyFigure({
    loss: [1, 0.5],
    val_loss: [1.1, 0.6],
    accuracy: [0.5, 0.8],
    val_accuracy: [0.4, 0.7],
  }, "LeNet");
  // deno-lint-ignore no-explicit-any
  const layout = fig.layout as Record<string, any>;
  // Container coordinates: y = 0 is the figure's bottom edge, below the
  // plotting area's margin, wherever the axes end.
  assert.equal(layout.legend.yref, "container");
  assert.equal(layout.legend.y, 0);
  assert.equal(layout.legend.yanchor, "bottom");
  assert.equal(layout.legend.orientation, "h");
  // The margin holds the tick labels and axis title (~50 px) above a
  // legend row (~25 px).
  assert.ok(layout.margin.b >= 50 + 25, `bottom margin ${layout.margin.b}`);
  assert.equal(layout.xaxis.title.text, "epoch");
  assert.equal(layout.xaxis2.title.text, "epoch");
});
