import assert from "node:assert/strict";
import { assertIncludes, assertRejects } from "./helpers.ts";
import * as tf from "@tensorflow/tfjs";
import { plots } from "cnn/plots/mod.ts";
import { PLOTLY_MIME } from "cnn/plots/figure.ts";
import { kernelImages } from "cnn/plots/filters.ts";

await tf.setBackend("cpu");

// A LeNet-like start built with tfjs layers: the helpers only rely on
// model.layers, layer.name, layer.getWeights() and layer.apply().
function tinyModel() {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({
    name: "C1",
    inputShape: [8, 8, 1],
    filters: 3,
    kernelSize: 3,
    padding: "same",
    activation: "tanh",
  }));
  model.add(tf.layers.maxPooling2d({ name: "S2", poolSize: 2 }));
  model.add(tf.layers.flatten({ name: "F" }));
  model.add(tf.layers.dense({ name: "D", units: 2 }));
  return model;
}

Deno.test("kernelImages splits [kh, kw, in, out] into one image per filter", () => {
  // kh=1, kw=2, in=2, out=2: values indexed [y][x][c][o].
  const values = [1, 2, 3, 4, 5, 6, 7, 8];
  assert.deepEqual(
    kernelImages(values, [1, 2, 2, 2], 0).map((im) => Array.from(im.data)),
    [[1, 5], [2, 6]],
  );
  assert.deepEqual(
    kernelImages(values, [1, 2, 2, 2]).map((im) => Array.from(im.data)),
    [[2, 6], [3, 7]],
  );
});

Deno.test("filters shows the first conv layer's kernels, one heatmap each", async () => {
  const model = tinyModel();
  const kernel = model.layers[0].getWeights()[0];
  const expected = await kernel.data();
  const before = tf.memory().numTensors;
  const bundle = await plots.filters(model);
  assert.deepEqual(
    tf.memory().numTensors,
    before,
    "no leaks, model weights untouched",
  );
  const fig = bundle[PLOTLY_MIME];
  assert.deepEqual(fig.data.length, 3);
  const z = fig.data[1].z as number[][];
  assert.deepEqual([z.length, z[0].length], [3, 3]);
  // Filter 1 at (y=2, x=0): flat index ((2*3+0)*1+0)*3+1.
  assert.deepEqual(
    z[2][0],
    Number(expected[(2 * 3 + 0) * 3 + 1].toPrecision(6)),
  );
  assertIncludes(
    (fig.layout.title as { text: string }).text,
    "Filters of C1 (3×3)",
  );
  assert.deepEqual(bundle["text/plain"], "filters of C1: 3 filters of 3×3×1");
  // The weights still work after plotting (nothing of the model was disposed).
  assert.deepEqual((await kernel.data()).length, 27);
  model.dispose();
});

Deno.test("filters explains what is wrong with non-conv input", async () => {
  const model = tinyModel();
  await assertRejects(
    () => plots.filters(model, { layerName: "D" }),
    RangeError,
    'layer "D" has no 4-D',
  );
  await assertRejects(
    () => plots.filters(model, { layerName: "C9" }),
    RangeError,
    "its layers are: C1, S2, F, D",
  );
  await assertRejects(
    () => plots.filters(42 as never),
    TypeError,
    "expected a model, a Conv2D layer",
  );
  model.dispose();
});

Deno.test("featureMaps runs the model up to the layer and shows each channel", async () => {
  const model = tinyModel();
  const image = tf.tidy(() => tf.randomUniform([8, 8, 1]));
  const expected = tf.tidy(() =>
    model.layers[0].apply(image.expandDims(0)) as tf.Tensor
  );
  const want = await expected.data();
  const before = tf.memory().numTensors;
  const bundle = await plots.featureMaps(model, "C1", image);
  assert.deepEqual(tf.memory().numTensors, before);
  const fig = bundle[PLOTLY_MIME];
  assert.deepEqual(fig.data.length, 3);
  const z = fig.data[2].z as number[][];
  assert.deepEqual([z.length, z[0].length], [8, 8]);
  assert.deepEqual(z[4][5], Number(want[(4 * 8 + 5) * 3 + 2].toPrecision(6)));
  const pooled = await plots.featureMaps(model, "S2", image, { n: 2 });
  assert.deepEqual(pooled[PLOTLY_MIME].data.length, 2);
  assert.deepEqual((pooled[PLOTLY_MIME].data[0].z as number[][]).length, 4);
  tf.dispose([image, expected]);
  model.dispose();
});

Deno.test("featureMaps accepts a function and rejects non-spatial layers", async () => {
  const model = tinyModel();
  const image = tf.zeros([1, 8, 8, 1]);
  const fromFn = await plots.featureMaps(
    (x) => model.layers[0].apply(x) as tf.Tensor,
    "C1",
    image,
  );
  assert.deepEqual(fromFn[PLOTLY_MIME].data.length, 3);
  await assertRejects(
    () => plots.featureMaps(model, "D", image),
    RangeError,
    "not feature maps",
  );
  image.dispose();
  model.dispose();
});
