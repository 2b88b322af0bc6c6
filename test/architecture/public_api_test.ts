/**
 * The public API (`lib/api.ts`) is curated: its names are exactly those of
 * `fixtures/public_api.txt` (so adding one is a decision, made by editing
 * that list), at most 90, each with JSDoc, one name per layer as in Keras,
 * no internals or test hooks; importing it has no side effect, and `mod.ts`
 * exports exactly it, then boots.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { codeOnly, LIB, ROOT } from "./import_graph.ts";

const FIXTURE = join(ROOT, "test/architecture/fixtures/public_api.txt");
const MAX_NAMES = 90;

interface DocSymbol {
  name: string;
  declarations: { kind: string; jsDoc?: { doc?: string } }[];
}

/** The public symbols as `deno doc` sees them (types included). */
async function publicSymbols(): Promise<DocSymbol[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", join(LIB, "api.ts")],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const doc = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    nodes: Record<string, { symbols: DocSymbol[] }>;
  };
  return Object.values(doc.nodes)[0].symbols;
}

const symbols = await publicSymbols();
const names = [...new Set(symbols.map((s) => s.name))].sort();

Deno.test("lib/api.ts exports exactly the names of the golden list, at most 90", () => {
  const golden = Deno.readTextFileSync(FIXTURE).split("\n").filter((l) =>
    l !== ""
  );
  assert.deepEqual(
    golden,
    [...golden].sort(),
    "keep fixtures/public_api.txt sorted",
  );
  const added = names.filter((n) => !golden.includes(n));
  const removed = golden.filter((n) => !names.includes(n));
  assert.deepEqual(
    { added, removed },
    { added: [], removed: [] },
    "the public API changed: if that is intended, update test/architecture/fixtures/public_api.txt",
  );
  assert.ok(
    names.length <= MAX_NAMES,
    `${names.length} public names; the API stays at most ${MAX_NAMES}`,
  );
});

Deno.test("every public name has JSDoc", () => {
  const undocumented = symbols.filter((s) =>
    !s.declarations.some((d) => (d.jsDoc?.doc ?? "").trim() !== "")
  ).map((s) => s.name);
  assert.deepEqual(undocumented, []);
});

Deno.test("one name per layer (no class beside its factory) and no internals or test hooks", async () => {
  const api = await import("../../lib/api.ts") as Record<string, unknown>;
  // Keras's own aliases are the only names for the same object.
  const aliases = new Set(["MaxPool2D", "AvgPool2D"]);
  const seen = new Map<unknown, string>();
  const twice: string[] = [];
  for (const [name, value] of Object.entries(api)) {
    if (aliases.has(name)) continue;
    if (seen.has(value)) twice.push(`${seen.get(value)} = ${name}`);
    seen.set(value, name);
  }
  assert.deepEqual(twice, []);
  assert.equal(api.MaxPool2D, api.MaxPooling2D);
  assert.equal(api.AvgPool2D, api.AveragePooling2D);
  const layerClasses = names.filter((n) =>
    n !== "Layer" && /^[A-Z]\w*Layer$/.test(n)
  );
  assert.deepEqual(layerClasses, [], "layers are public by their Keras name");
  for (
    const internal of [
      "ConvBase",
      "WrappedLayer",
      "StatelessLayer",
      "recoverEngine",
      "listenForInterrupts",
      "setSampleLimits",
      "FunctionalGraph",
      "ProgressBar",
      "separableBN",
    ]
  ) {
    assert.ok(!names.includes(internal), `${internal} is internal`);
  }
  // Namespaces carry no hooks either.
  for (const ns of ["plots", "optimizers", "datasets", "checks", "exercises"]) {
    const hooks = Object.keys(api[ns] as object).filter((k) =>
      /^(reset|_)/.test(k)
    );
    assert.deepEqual(hooks, [], `${ns}: ${hooks.join(", ")}`);
  }
});

Deno.test("api.ts holds only re-exports, and mod.ts exports exactly api.ts", () => {
  const { code } = codeOnly(Deno.readTextFileSync(join(LIB, "api.ts")));
  const statements = code.split(";").map((s) => s.trim()).filter((s) =>
    s !== ""
  );
  const other = statements.filter((s) =>
    !/^export\s+(type\s+)?(\{[^}]*\}|\*)\s*from\s*""$/.test(s)
  );
  assert.deepEqual(other, []);
  const mod = codeOnly(Deno.readTextFileSync(join(LIB, "mod.ts"))).code;
  const exports = [...mod.matchAll(/\bexport\b[^;]*;/g)].map((m) => m[0]);
  assert.deepEqual(exports, ['export * from "";']);
  assert.match(
    Deno.readTextFileSync(join(LIB, "mod.ts")),
    /export \* from "\.\/api\.ts";/,
  );
});

Deno.test("importing api.ts chooses no backend, installs no handler and sets no quick mode; importing mod.ts does", async () => {
  // In a child: CNN_QUICK must not be set in the shared test process.
  const script = `
    const signals = [];
    const add = Deno.addSignalListener;
    Deno.addSignalListener = (s, f) => { signals.push(s); return add(s, f); };
    const api = await import(${JSON.stringify(join(LIB, "api.ts"))});
    const limits = await import(${
    JSON.stringify(join(LIB, "training/sample_limits.ts"))
  });
    const after = (tag) => JSON.stringify({ tag,
      backend: api.chosenBackend()?.name ?? null,
      quick: limits.sampleLimits() !== undefined, signals: signals.length });
    const first = after("api");
    await import(${JSON.stringify(join(LIB, "mod.ts"))});
    console.log(first);
    console.log(after("mod"));
  `;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=js", script],
    cwd: ROOT,
    env: { CNN_QUICK: "1", CNN_BACKEND: "cpu" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const lines = stdout.trim().split("\n").filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l));
  assert.deepEqual(lines[0], {
    tag: "api",
    backend: null,
    quick: false,
    signals: 0,
  });
  assert.equal(lines[1].tag, "mod");
  assert.equal(lines[1].backend, "cpu");
  assert.equal(lines[1].quick, true);
});
