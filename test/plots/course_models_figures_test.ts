// filters and featureMaps on the course's own Keras-style models.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  Conv2D,
  Dense,
  Flatten,
  Input,
  Layer,
  MaxPool2D,
  Model,
  Sequential,
} from "cnn/keras/mod.ts";
import { plots } from "cnn/plots/mod.ts";
import { PLOTLY_MIME } from "cnn/plots/figure.ts";
import { assertRejects } from "./helpers.ts";

await tf.setBackend("cpu");

Deno.test("filters and featureMaps of a Sequential model", async () => {
  const model = new Sequential({ name: "seq" });
  model.add(
    Conv2D(4, {
      kernelSize: [3, 3],
      padding: "same",
      name: "C1",
      inputShape: [8, 8, 1],
    }),
  );
  model.add(MaxPool2D({ name: "S2" }));
  model.add(Flatten());
  model.add(Dense(2));
  const image = tf.tidy(() => tf.randomUniform([8, 8, 1]));
  const before = tf.memory().numTensors;
  const f = await plots.filters(model);
  assert.equal(f[PLOTLY_MIME].data.length, 4);
  assert.equal(f["text/plain"], "filters of C1: 4 filters of 3×3×1");
  const one = await plots.filters(model.layers[0]);
  assert.deepEqual(
    one[PLOTLY_MIME].data.map((t) => t.z),
    f[PLOTLY_MIME].data.map((t) => t.z),
  );
  const maps = await plots.featureMaps(model, "S2", image);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(maps[PLOTLY_MIME].data.length, 4);
  assert.equal((maps[PLOTLY_MIME].data[0].z as number[][]).length, 4);
  image.dispose();
});

Deno.test("featureMaps cuts a Functional model at the layer's output", async () => {
  const a = Input({ shape: [8, 8, 1] });
  const conv = Conv2D(5, { kernelSize: [3, 3], name: "conv" });
  const c = conv.apply(a);
  const model = new Model({
    inputs: a,
    outputs: Dense(2).apply(Flatten().apply(c)),
  });
  const image = tf.tidy(() => tf.randomUniform([1, 8, 8, 1]));
  const want = tf.tidy(() => conv.apply(image) as tf.Tensor);
  const expected = await want.data();
  const bundle = await plots.featureMaps(model, "conv", image);
  const z = bundle[PLOTLY_MIME].data[3].z as number[][];
  assert.deepEqual([bundle[PLOTLY_MIME].data.length, z.length, z[0].length], [
    5,
    6,
    6,
  ]);
  assert.equal(z[2][1], Number(expected[(2 * 6 + 1) * 5 + 3].toPrecision(6)));
  tf.dispose([image, want]);
});

Deno.test("featureMaps asks for a function for subclassed models", async () => {
  class Tiny extends Model {
    conv = Conv2D(2, { kernelSize: [3, 3], name: "tiny_conv" });
    override call(x: tf.Tensor | tf.Tensor[]) {
      return this.conv.apply(x as tf.Tensor);
    }
  }
  const model = new Tiny();
  const image = tf.zeros([8, 8, 1]);
  await assertRejects(
    () => plots.featureMaps(model, "tiny_conv", image),
    TypeError,
    "pass a function",
  );
  const viaFn = await plots.featureMaps(
    (x) => model.conv.apply(x) as tf.Tensor,
    "tiny_conv",
    image,
  );
  assert.equal(viaFn[PLOTLY_MIME].data.length, 2);
  image.dispose();
  assert.ok(model instanceof Layer);
});
