import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { evaluate, fit, predict } from "../../lib/training/fit.ts";
import { formatMetricValue } from "../../lib/host/progress_format.ts";
import {
  CaptureWriter,
  JupyterWriter,
  TerminalWriter,
} from "../../lib/host/progress_writers.ts";
import type { MimeBundle } from "../../lib/host/display.ts";
import { blobs, compiled, ToyModel } from "./toy_model.ts";

await tf.setBackend("cpu");

const LINE =
  /^(\d+)\/(\d+) ━{20} \d+s \d+(s|ms|us)\/step - accuracy: (\d\.\d{4}) - loss: (\d\.\d{4}) - val_accuracy: (\d\.\d{4}) - val_loss: (\d\.\d{4})$/;

Deno.test("fit prints 'Epoch i/n' and one final Keras line per epoch with every metric", async () => {
  const [x, y] = blobs(100);
  const [xv, yv] = blobs(30, 4, 3, 9);
  const model = compiled(new ToyModel({ seed: 1 }));
  const writer = new CaptureWriter();
  const history = await fit(model, x, y, {
    epochs: 3,
    batchSize: 32,
    validationData: [xv, yv],
    writer,
    seed: 3,
  });
  assert.equal(writer.lines.length, 6);
  for (let e = 0; e < 3; e++) {
    assert.equal(writer.lines[2 * e], `Epoch ${e + 1}/3`);
    const m = writer.lines[2 * e + 1].match(LINE);
    assert.ok(m, `not a Keras line: ${writer.lines[2 * e + 1]}`);
    assert.equal(m[1], "4"); // ceil(100 / 32) steps, last one partial
    assert.equal(m[2], "4");
    // The printed numbers are the history's, rounded as Keras rounds them.
    assert.equal(m[4], formatMetricValue(history.history.accuracy[e]));
    assert.equal(m[5], formatMetricValue(history.history.loss[e]));
    assert.equal(m[6], formatMetricValue(history.history.val_accuracy[e]));
    assert.equal(m[7], formatMetricValue(history.history.val_loss[e]));
  }
  for (const u of writer.updates) {
    assert.match(
      u,
      /^\d\/4 ━{20} \d+s \d+(s|ms|us)\/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}$/,
    );
  }
  model.dispose();
  tf.dispose([x, y, xv, yv]);
});

Deno.test("a single epoch prints no 'Epoch' line, as Keras", async () => {
  const [x, y] = blobs(40);
  const model = compiled(new ToyModel({ seed: 1 }));
  const writer = new CaptureWriter();
  await fit(model, x, y, { epochs: 1, batchSize: 16, writer, seed: 1 });
  assert.equal(writer.lines.length, 1);
  assert.match(
    writer.lines[0],
    /^3\/3 ━{20} \d+s \d+(s|ms|us)\/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}$/,
  );
  model.dispose();
  tf.dispose([x, y]);
});

Deno.test("verbose 0 prints nothing anywhere", async () => {
  const [x, y] = blobs(40);
  const model = compiled(new ToyModel({ seed: 1 }));
  const writer = new CaptureWriter();
  await fit(model, x, y, { epochs: 2, verbose: 0, writer, seed: 1 });
  await evaluate(model, x, y, { verbose: 0, writer });
  (await predict(model, x, { verbose: 0, writer })).dispose();
  assert.deepEqual(writer.lines, []);
  assert.deepEqual(writer.updates, []);
  model.dispose();
  tf.dispose([x, y]);
});

Deno.test("evaluate prints one bar line and returns [loss, accuracy]; predict prints a bare bar", async () => {
  const [x, y] = blobs(70);
  const model = compiled(new ToyModel({ seed: 1 }));
  const writer = new CaptureWriter();
  const result = await evaluate(model, x, y, { batchSize: 32, writer });
  assert.equal(result.length, 2);
  assert.equal(writer.lines.length, 1);
  assert.equal(
    writer.lines[0].replace(/ \d+s \d+(s|ms|us)\/step/, " T"),
    `3/3 ${"━".repeat(20)} T - accuracy: ${
      formatMetricValue(result[1])
    } - loss: ${formatMetricValue(result[0])}`,
  );
  const probs = await predict(model, x, { batchSize: 32, writer });
  assert.deepEqual(probs.shape, [70, 3]);
  probs.dispose();
  assert.match(writer.lines[1], /^3\/3 ━{20} \d+s \d+(s|ms|us)\/step$/);
  model.dispose();
  tf.dispose([x, y]);
});

Deno.test("Jupyter output is one display updated in place that ends as the final lines", async () => {
  const calls: { bundle: MimeBundle; displayId?: string; update?: boolean }[] =
    [];
  const writer = new JupyterWriter((bundle, opts = {}) => {
    calls.push({ bundle, ...opts });
    return Promise.resolve();
  });
  const [x, y] = blobs(64);
  const model = compiled(new ToyModel({ seed: 1 }));
  await fit(model, x, y, { epochs: 2, batchSize: 8, writer, seed: 1 });
  assert.ok(calls.length >= 4);
  assert.equal(calls[0].update, false);
  for (const c of calls.slice(1)) assert.equal(c.update, true);
  assert.equal(new Set(calls.map((c) => c.displayId)).size, 1);
  const last = calls[calls.length - 1].bundle;
  const text = last["text/plain"] as string;
  const lines = text.split("\n");
  assert.equal(lines.length, 4);
  assert.equal(lines[0], "Epoch 1/2");
  assert.match(
    lines[1],
    /^8\/8 ━{20} \d+s .* - accuracy: \d\.\d{4} - loss: \d\.\d{4}$/,
  );
  assert.equal(lines[2], "Epoch 2/2");
  assert.ok(!text.includes("\x1b"), "no ANSI codes in the stored text");
  assert.match(
    last["text/html"] as string,
    /^<pre[^>]*>Epoch 1\/2\n<b>8\/8<\/b> /,
  );
  model.dispose();
  tf.dispose([x, y]);
});

Deno.test("terminal writer redraws with \\r when interactive, prints only final lines otherwise", () => {
  const line = {
    text: `1/2 ${"━".repeat(20)} 1s 10ms/step - loss: 1.0000`,
    parts: {
      count: "1/2",
      done: 10,
      todo: 10,
      info: " 1s 10ms/step - loss: 1.0000",
    },
  };
  const final = {
    text: `2/2 ${"━".repeat(20)} 0s 5ms/step`,
    parts: { count: "2/2", done: 20, todo: 0, info: " 0s 5ms/step" },
  };
  let out = "";
  const live = new TerminalWriter({
    dynamic: true,
    colors: false,
    write: (t) => (out += t),
  });
  live.line("Epoch 1/2");
  live.update(line);
  live.finish(final);
  // The shorter final line pads over the rest of the longer live line.
  const pad = " ".repeat(line.text.length - final.text.length);
  assert.equal(out, `Epoch 1/2\n\r${line.text}\r${final.text}${pad}\n`);

  out = "";
  const colored = new TerminalWriter({
    dynamic: true,
    colors: true,
    write: (t) => (out += t),
  });
  colored.update(line);
  assert.ok(
    out.includes(
      `\x1b[32m${"━".repeat(10)}\x1b[0m\x1b[37m${"━".repeat(10)}\x1b[0m`,
    ),
  );
  assert.ok(out.includes("\x1b[1m1/2\x1b[0m"));

  out = "";
  const logFile = new TerminalWriter({
    dynamic: false,
    write: (t) => (out += t),
  });
  logFile.update(line);
  logFile.finish(final);
  assert.equal(out, `${final.text}\n`);
});
