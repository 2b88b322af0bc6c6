import assert from "node:assert/strict";
import {
  convModel,
  lenet5,
  miniInception,
  MiniResNet,
  separableModel,
} from "../../lib/course/models/mod.ts";
import * as golden from "./fixtures/summaries.ts";
import { setup } from "./helpers.ts";

Deno.test("summaries of the tutorial's models match Keras 3 text exactly, in the tutorial's order", async (t) => {
  await setup();
  const lenet = lenet5();
  await t.step("LeNet-5 unbuilt", () => {
    assert.equal(lenet.summaryText({ lineLength: 88 }), golden.lenetUnbuilt);
  });
  lenet.build([null, 28, 28, 1]);
  await t.step("LeNet-5 built", () => {
    assert.equal(lenet.summaryText({ lineLength: 88 }), golden.lenetBuilt);
  });
  const inception = miniInception();
  await t.step(
    "mini-Inception (functional_1, input_layer_1) at widths 108 and 76",
    () => {
      assert.equal(
        inception.summaryText({ lineLength: 108 }),
        golden.inception108,
      );
      assert.equal(
        inception.summaryText({ lineLength: 76 }),
        golden.inception76,
      );
    },
  );
  const resnet = new MiniResNet(32);
  await t.step("MiniResNet unbuilt then built", () => {
    assert.equal(resnet.summaryText({ lineLength: 88 }), golden.resnetUnbuilt);
    resnet.build([null, 28, 28, 1]);
    assert.equal(resnet.summaryText({ lineLength: 88 }), golden.resnetBuilt);
  });
  await t.step(
    "separable demo: conv2d_7 and conv2d_8 as in the tutorial",
    () => {
      const conv = convModel();
      conv.build([null, 28, 28, 1]);
      assert.equal(conv.summaryText({ lineLength: 88 }), golden.conv);
      const sep = separableModel();
      sep.build([null, 28, 28, 1]);
      assert.equal(sep.summaryText({ lineLength: 88 }), golden.separable);
    },
  );
});
