import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  Activation,
  BatchNormalization,
  Conv2D,
  Layer,
} from "../../lib/keras/mod.ts";
import {
  checkConvBlock,
  convBlockParams,
} from "../../lib/course/exercises/conv_block.ts";
import { assertFailsWith, assertPasses } from "./helpers.ts";

/** The notebook's solution. */
class ConvBlock extends Layer {
  conv: Layer;
  bn: Layer;
  activation: Layer;
  constructor(nFilters: number, kernelSize: number) {
    super();
    this.conv = Conv2D(nFilters, { kernelSize, useBias: false });
    this.bn = BatchNormalization({ axis: 3 });
    this.activation = Activation("relu");
  }
  override call(inputs: tf.Tensor): tf.Tensor {
    return this.activation.apply(this.bn.apply(this.conv.apply(inputs)));
  }
}

/** The untouched template: layers created but never stored in `this`. */
class TemplateConvBlock extends Layer {
  conv!: Layer;
  bn!: Layer;
  activation!: Layer;
  constructor(nFilters: number, kernelSize: number) {
    super();
    Conv2D(nFilters, { kernelSize, useBias: false });
    BatchNormalization({ axis: 3 });
    Activation("relu");
  }
  override call(inputs: tf.Tensor): tf.Tensor {
    return this.activation.apply(this.bn.apply(this.conv.apply(inputs)));
  }
}

/** Keeps the conv bias. */
class BiasConvBlock extends ConvBlock {
  constructor(nFilters: number, kernelSize: number) {
    super(nFilters, kernelSize);
    this.conv = Conv2D(nFilters, { kernelSize });
  }
}

/** ReLU inside the conv and BatchNormalization last: wrong order. */
class WrongOrderBlock extends Layer {
  conv: Layer;
  bn: Layer;
  activation: Layer;
  constructor(nFilters: number, kernelSize: number) {
    super();
    this.conv = Conv2D(nFilters, { kernelSize, useBias: false });
    this.bn = BatchNormalization({ axis: 3 });
    this.activation = Activation("relu");
  }
  override call(inputs: tf.Tensor): tf.Tensor {
    return this.bn.apply(this.activation.apply(this.conv.apply(inputs)));
  }
}

/** Forgets BatchNormalization in call(). */
class NoBnBlock extends ConvBlock {
  override call(inputs: tf.Tensor): tf.Tensor {
    return this.activation.apply(this.conv.apply(inputs));
  }
}

Deno.test("the ConvBlock solution passes with 1,216 parameters", async () => {
  assert.equal(convBlockParams(8, 16, 3), 1216);
  const before = tf.memory().numTensors;
  assertPasses(await checkConvBlock(ConvBlock));
  // Each check builds its own block: its weights stay, nothing else.
  assert.ok(tf.memory().numTensors - before <= 2 * 5);
});

Deno.test("the untouched template fails pointing at `this.`", async () => {
  const r = await checkConvBlock(TemplateConvBlock);
  assertFailsWith(r, "lanzó un error", "this.conv = Conv2D");
  assertFailsWith(r, "no tiene ninguna capa guardada", "this.bn");
});

Deno.test("keeping the conv bias fails with the BatchNormalization reason", async () => {
  const r = await checkConvBlock(BiasConvBlock);
  assertFailsWith(r, "La convolución tiene sesgo", "useBias: false");
  assertFailsWith(r, "1,232 parámetros", "4 valores por canal");
});

Deno.test("normalising after the ReLU fails on the order of call()", async () => {
  const r = await checkConvBlock(WrongOrderBlock);
  assertFailsWith(
    r,
    "no calcula relu(bn(conv(x)))",
    "luego BatchNormalization",
  );
});

Deno.test("skipping BatchNormalization in call() is caught", async () => {
  const r = await checkConvBlock(NoBnBlock);
  assertFailsWith(r, "no calcula relu(bn(conv(x)))", "BatchNormalization");
});

Deno.test("passing nothing explains what to pass", async () => {
  const r = await checkConvBlock(undefined);
  assertFailsWith(r, "No encuentro la clase", "checkConvBlock(ConvBlock)");
});
