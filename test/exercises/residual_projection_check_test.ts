import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Activation, Add, Conv2D, Layer } from "../../lib/keras/mod.ts";
import {
  checkResidualProjection,
  residualParams,
} from "../../lib/course/exercises/residual_projection.ts";
import { formatText } from "../../lib/course/exercises/feedback.ts";
import { assertFailsWith, assertPasses } from "./helpers.ts";

/** The notebook's solution: project with a 1×1 conv only when channels change. */
class ResidualBlockProj extends Layer {
  nFilters: number;
  conv1: Layer;
  conv2: Layer;
  projection: Layer;
  add = Add();
  lastRelu = Activation("relu");
  constructor(nFilters: number) {
    super();
    this.nFilters = nFilters;
    this.conv1 = Conv2D(nFilters, {
      kernelSize: [3, 3],
      activation: "relu",
      padding: "same",
    });
    this.conv2 = Conv2D(nFilters, { kernelSize: [3, 3], padding: "same" });
    this.projection = Conv2D(nFilters, { kernelSize: [1, 1] });
  }
  override call(inputs: tf.Tensor): tf.Tensor {
    const x = this.conv2.apply(this.conv1.apply(inputs));
    const shortcut = inputs.shape[3] === this.nFilters
      ? inputs
      : this.projection.apply(inputs);
    return this.lastRelu.apply(this.add.apply([x, shortcut]));
  }
}

/** The untouched template: the tutorial's block, identity shortcut only. */
class TutorialBlock extends Layer {
  conv1: Layer;
  conv2: Layer;
  add = Add();
  lastRelu = Activation("relu");
  constructor(nFilters: number) {
    super();
    this.conv1 = Conv2D(nFilters, {
      kernelSize: [3, 3],
      activation: "relu",
      padding: "same",
    });
    this.conv2 = Conv2D(nFilters, { kernelSize: [3, 3], padding: "same" });
  }
  override call(inputs: tf.Tensor): tf.Tensor {
    const x = this.conv2.apply(this.conv1.apply(inputs));
    return this.lastRelu.apply(this.add.apply([x, inputs]));
  }
}

/** Projects with a 3×3 convolution. */
class Projection3x3 extends ResidualBlockProj {
  constructor(nFilters: number) {
    super(nFilters);
    this.projection = Conv2D(nFilters, { kernelSize: [3, 3], padding: "same" });
  }
}

/** Projects always, even when the channels already match. */
class AlwaysProjects extends ResidualBlockProj {
  override call(inputs: tf.Tensor): tf.Tensor {
    const x = this.conv2.apply(this.conv1.apply(inputs));
    return this.lastRelu.apply(
      this.add.apply([x, this.projection.apply(inputs)]),
    );
  }
}

/** Returns the projection alone: no sum with the conv path. */
class NoSum extends ResidualBlockProj {
  override call(inputs: tf.Tensor): tf.Tensor {
    const x = this.conv2.apply(this.conv1.apply(inputs));
    const shortcut = inputs.shape[3] === this.nFilters
      ? inputs
      : this.projection.apply(inputs);
    return this.lastRelu.apply(tf.mul(x, tf.onesLike(shortcut)));
  }
}

Deno.test("the expected counts: 14,432 with projection, 18,496 without", () => {
  assert.equal(residualParams(16, 32), 14432);
  assert.equal(residualParams(32, 32), 18496);
});

Deno.test("the residual block with projection passes", async () => {
  const r = await checkResidualProjection(ResidualBlockProj);
  assertPasses(r);
  assert.ok(formatText(r).includes("14,432"));
});

Deno.test("the tutorial's block (the template) fails on the channel change with a hint", async () => {
  const r = await checkResidualProjection(TutorialBlock);
  assertFailsWith(
    r,
    "De 16 a 32 canales, entrada (None, 8, 8, 16)",
    "kernelSize: 1",
  );
  // The identity case is right and says so.
  assert.ok(r.right.some((line) => line.startsWith("De 32 a 32 canales")));
});

Deno.test("a 3×3 projection is rejected", async () => {
  const r = await checkResidualProjection(Projection3x3);
  assertFailsWith(r, "no encuentro una única Conv2D 1×1", "sin mirar vecinos");
});

Deno.test("projecting when channels already match is rejected", async () => {
  const r = await checkResidualProjection(AlwaysProjects);
  assertFailsWith(r, "aunque los canales ya coinciden", "Proyecta solo cuando");
});

Deno.test("forgetting the sum is rejected", async () => {
  const r = await checkResidualProjection(NoSum);
  assertFailsWith(
    r,
    "no es relu(conv2(conv1(x)) + atajo(x))",
    "Suma el camino principal",
  );
});
