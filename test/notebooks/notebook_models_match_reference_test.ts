/**
 * The models the notebooks define inline (as the tutorial does) are the same
 * models as the library's reference ones: same summary text, layer by layer,
 * unbuilt and built.
 *
 * Each case runs some code cells of a committed notebook, in order, in a fresh
 * Deno process, then prints the notebook model's summary, clears the Keras
 * name counters and prints the reference model's summary.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const OUT = join(ROOT, "build", "nbtest");

interface Cell {
  cell_type: string;
  id: string;
  source: string[];
}

/** A code cell of the notebook by id, or extra code run at that point. */
type Step = string | { code: string };

/** The named code cells of a notebook (and extra steps), in the given order. */
function cells(notebook: string, steps: Step[]): string {
  const nb = JSON.parse(
    Deno.readTextFileSync(join(ROOT, "notebooks", `${notebook}.ipynb`)),
  );
  const code = (nb.cells as Cell[]).filter((c) => c.cell_type === "code");
  const ids = steps.filter((s): s is string => typeof s === "string");
  const order = code.map((c) => c.id).filter((id) => ids.includes(id));
  assert.deepEqual(ids, order, `${notebook}: cells missing or out of order`);
  return steps.map((step) =>
    typeof step === "string"
      ? code.find((c) => c.id === step)!.source.join("")
      : step.code
  ).join("\n\n");
}

const NOTEBOOK = "@@notebook@@";
const REFERENCE = "@@reference@@";
const END = "@@end@@";

/**
 * Runs the steps, then `notebookPart`, then `referencePart` (after
 * `clearSession()`), and returns the text each part printed. Each part runs
 * in its own block, so both may declare the same names.
 */
async function runCase(
  name: string,
  notebook: string,
  steps: Step[],
  notebookPart: string,
  referencePart: string,
): Promise<{ notebook: string; reference: string }> {
  const script = [
    'import * as __ref from "cnn/mod.ts";',
    cells(notebook, steps),
    `console.log(${JSON.stringify(NOTEBOOK)});`,
    `{\n${notebookPart}\n}`,
    "__ref.clearSession();",
    `console.log(${JSON.stringify(REFERENCE)});`,
    `{\n${referencePart}\n}`,
    `console.log(${JSON.stringify(END)});`,
  ].join("\n\n");
  await Deno.mkdir(OUT, { recursive: true });
  const file = join(OUT, `${name}.ts`);
  await Deno.writeTextFile(file, script);
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", join(ROOT, "deno.json"), file],
    cwd: ROOT,
    // Wide enough that no summary cell wraps, so whole rows can be matched.
    env: { NO_COLOR: "1", CNN_QUICK: "1", COLUMNS: "160" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const out = new TextDecoder().decode(stdout);
  assert.equal(
    code,
    0,
    `${file} failed:\n${out.slice(-2000)}\n${
      new TextDecoder().decode(stderr).slice(-3000)
    }`,
  );
  const a = out.indexOf(NOTEBOOK + "\n");
  const b = out.indexOf(REFERENCE + "\n");
  const c = out.indexOf(END + "\n");
  assert.ok(a >= 0 && b > a && c > b, `markers missing in output of ${file}`);
  return {
    notebook: out.slice(a + NOTEBOOK.length + 1, b),
    reference: out.slice(b + REFERENCE.length + 1, c),
  };
}

function assertSame(
  got: { notebook: string; reference: string },
  mustContain: string[],
) {
  assert.ok(
    got.notebook.trim().length > 0,
    "the notebook part printed nothing",
  );
  assert.equal(got.notebook, got.reference);
  for (const text of mustContain) {
    assert.ok(
      got.notebook.includes(text),
      `summary lacks ${JSON.stringify(text)}:\n${got.notebook}`,
    );
  }
}

Deno.test("02_lenet: the notebook's LeNet-5 is lenet5(), unbuilt and built", async () => {
  const got = await runCase(
    "lenet",
    "02_lenet",
    ["lenet-modelo"],
    "await lenet.summary();\nlenet.build([null, 28, 28, 1]);\nawait lenet.summary();",
    "const ref = __ref.lenet5();\nawait ref.summary();\nref.build([null, 28, 28, 1]);\nawait ref.summary();",
  );
  assertSame(got, ['Model: "LeNet-5"', "0 (unbuilt)", "61,706"]);
});

Deno.test("03_inception: the notebook's mini-Inception is miniInception()", async () => {
  const got = await runCase(
    "inception",
    "03_inception",
    [
      "datos",
      "funcional-ejemplo",
      "inception-imports",
      "inception-capa",
      // The toy model above took the first names (input_layer, dense, …);
      // start the counters afresh so both models get the same layer names.
      { code: "__ref.clearSession();" },
      "inception-modelo",
    ],
    "await miniInception.summary();",
    "await __ref.miniInception().summary();",
  );
  assertSame(got, ["(None, 28, 28, 112)", "896,522", "Connected to"]);
});

Deno.test("04_resnet: the notebook's MiniResNet(32) is the library's, unbuilt and built", async () => {
  const got = await runCase(
    "resnet",
    "04_resnet",
    ["datos", "mymodel", "resnet-modelo", "resnet-resumen"],
    "await miniResnet.summary();\nminiResnet.build([null, 28, 28, 1]);\nawait miniResnet.summary();",
    "const ref = new __ref.MiniResNet(32);\nawait ref.summary();\nref.build([null, 28, 28, 1]);\nawait ref.summary();",
  );
  assertSame(got, ["ResidualBlock", "0 (unbuilt)", "270,218"]);
});

Deno.test("05_batchnorm: the notebook's ConvBlock is the library's; its plain LeNet is lenet5()", async () => {
  const wrap = (block: string) =>
    [
      'const m = new __ref.Sequential({ name: "block" });',
      `m.add(${block});`,
      "m.build([null, 28, 28, 1]);",
      "await m.summary();",
    ].join("\n");
  const blocks = await runCase(
    "convblock",
    "05_batchnorm",
    ["datos", "convblock"],
    wrap("new ConvBlock(32, [3, 3])"),
    wrap("new __ref.ConvBlock(32, [3, 3])"),
  );
  assertSame(blocks, ["416", "Non-trainable params: 64"]);

  const lenets = await runCase(
    "lenet_bn",
    "05_batchnorm",
    [
      "datos",
      "convblock",
      "convblock-uso",
      "lenet-funcion",
      { code: "__ref.clearSession();" },
    ],
    "const m = makeLenet(false);\nm.build([null, 28, 28, 1]);\nawait m.summary();",
    "const ref = __ref.lenet5();\nref.build([null, 28, 28, 1]);\nawait ref.summary();",
  );
  assertSame(lenets, ['Model: "LeNet-5"', "61,706"]);
});

Deno.test("06_separables: conv vs depthwise + pointwise is the library's demo (72 vs 9 + 8)", async () => {
  const got = await runCase(
    "separable",
    "06_separables",
    [
      "datos",
      "conv-modelo",
      "conv-resumen",
      "separable-modelo",
      "separable-resumen",
    ],
    "await convModel.summary();\nawait separableModel.summary();",
    "const c = __ref.convModel();\nc.build([null, 28, 28, 1]);\nawait c.summary();\nconst s = __ref.separableModel();\ns.build([null, 28, 28, 1]);\nawait s.summary();",
  );
  assertSame(got, ["(None, 26, 26, 8)", "72", "Total params: 17 (68.00 B)"]);
});

Deno.test("06_separables: the separable Inception module saves parameters (18,016 → 2,176)", async () => {
  const got = await runCase(
    "separable_inception",
    "06_separables",
    ["datos", "conv-modelo", "separable-modelo", "capas-inception"],
    [
      "const i = __ref.Input({ shape: [28, 28, 16] });",
      "const std = new __ref.Model({ inputs: i, outputs: inceptionLayer(i, 32) });",
      "const sep = new __ref.Model({ inputs: i, outputs: separableInceptionLayer(i, 32) });",
      "console.log(std.countParams(), sep.countParams());",
    ].join("\n"),
    "console.log(18016, 2176);",
  );
  assertSame(got, ["18016 2176"]);
});
