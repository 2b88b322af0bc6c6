import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  Dense,
  Layer,
  loadModel,
  Model,
  registerSerializable,
} from "../../lib/keras/mod.ts";
import {
  ConvBlock,
  lenet5,
  miniInception,
  MiniResNet,
} from "../../lib/course/models/mod.ts";
import { optimizers } from "../../lib/training/optimizers.ts";
import { setup } from "./helpers.ts";

async function roundTrip(model: Model, x: tf.Tensor): Promise<Model> {
  const dir = await Deno.makeTempDir({ prefix: "keras_save_" });
  try {
    await model.save(dir);
    const files = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.equal(files.length, 2, `no temp files left behind: ${files}`);
    assert.equal(files[0], "model.json");
    assert.match(files[1], /^weights-[0-9a-f]{16}\.bin$/);
    const loaded = await loadModel(dir);
    const a = tf.tidy(() => model.forward(x, false));
    const b = tf.tidy(() => loaded.forward(x, false));
    assert.deepEqual(Array.from(await b.data()), Array.from(await a.data()));
    tf.dispose([a, b]);
    return loaded;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a trained Sequential round-trips with identical predictions, names and compile settings", async () => {
  await setup();
  const lenet = lenet5();
  lenet.compile({
    optimizer: optimizers.SGD({ learningRate: 0.1 }),
    loss: "sparse_categorical_crossentropy",
    metrics: ["accuracy"],
  });
  const x = tf.randomUniform([4, 28, 28, 1], 0, 1, "float32", 5);
  const y = tf.tensor1d([1, 2, 3, 4], "int32");
  await lenet.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
  const loaded = await roundTrip(lenet, x);
  assert.equal(loaded.name, "LeNet-5");
  assert.deepEqual(
    loaded.layers.map((l) => l.name),
    lenet.layers.map((l) => l.name),
  );
  assert.equal(loaded.countParams(), 61706);
  assert.equal(loaded.compiled?.lossName, "sparse_categorical_crossentropy");
  assert.deepEqual(loaded.compiled?.metrics, ["accuracy"]);
  tf.dispose([x, y]);
});

Deno.test("a Functional model with branches round-trips with identical predictions", async () => {
  await setup();
  const model = miniInception([12, 12, 1]);
  const x = tf.randomUniform([2, 12, 12, 1], 0, 1, "float32", 6);
  const loaded = await roundTrip(model, x);
  assert.equal(loaded.className, "Functional");
  assert.equal(
    loaded.summaryText({ lineLength: 108 }),
    model.summaryText({ lineLength: 108 }),
  );
  x.dispose();
});

Deno.test("a subclassed model round-trips through its registered class", async () => {
  await setup();
  const model = new MiniResNet(4);
  const x = tf.randomUniform([2, 28, 28, 1], 0, 1, "float32", 7);
  tf.tidy(() => model.forward(x, false));
  const loaded = await roundTrip(model, x);
  assert.ok(loaded instanceof MiniResNet);
  assert.equal(loaded.name, "mini_res_net_1"); // a new instance, named like Keras would
  assert.equal(loaded.countParams(), model.countParams());
  x.dispose();
});

Deno.test("BatchNormalization moving statistics are saved too (ConvBlock in a subclassed model)", async () => {
  await setup();
  class BNNet extends Model {
    block = new ConvBlock(3, 3);
    head = Dense(2);
    override call(inputs: tf.Tensor): tf.Tensor {
      return this.head.apply(
        tf.reshape(this.block.apply(inputs), [inputs.shape[0], -1]),
      );
    }
    override getConfig() {
      return {};
    }
  }
  registerSerializable(BNNet);
  const net = new BNNet();
  const x = tf.randomNormal([4, 6, 6, 1], 2, 3, "float32", 8);
  tf.tidy(() => net.forward(x, true)); // moves the moving mean/variance away from 0/1
  await roundTrip(net, x);
  x.dispose();
});

Deno.test("saving an unregistered subclassed model or an unbuilt one explains the fix", async () => {
  await setup();
  class Unregistered extends Model {
    d = Dense(1);
    override call(inputs: tf.Tensor): tf.Tensor {
      return this.d.apply(inputs);
    }
  }
  const m = new Unregistered();
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(() => m.save(dir), /not built/);
    m.build([null, 2]);
    await assert.rejects(
      () => m.save(dir),
      /registerSerializable\(Unregistered\)/,
    );
    await assert.rejects(
      () => loadModel(`${dir}/missing`),
      /missing" does not exist.*Pass the folder given to model\.save\(\)/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  class Plain extends Layer {}
  assert.equal(new Plain().name, "plain");
});
