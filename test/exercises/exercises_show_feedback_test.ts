/** The notebook-facing `exercises.*` functions print their feedback and never throw. */
import assert from "node:assert/strict";
import { exercises, type ReluAnswer } from "../../lib/course/exercises/mod.ts";

async function printed(run: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => lines.push(args.join(" "));
  try {
    await run();
  } finally {
    console.log = original;
  }
  return lines.join("\n");
}

Deno.test("a passing check prints ✅ Correcto with its findings", async () => {
  const text = await printed(() =>
    exercises.paramCounts({ conv: 1168, depthwise: 80, pointwise: 144 })
  );
  assert.ok(text.startsWith("✅ Correcto — Ejercicio 1"), text);
  assert.ok(text.includes("✔ DepthwiseConv2D: 80 parámetros."), text);
});

Deno.test("a failing check prints ❌ Todavía no with a hint", async () => {
  const text = await printed(() =>
    exercises.paramCounts({ conv: 1152, depthwise: 80, pointwise: 144 })
  );
  assert.ok(text.startsWith("❌ Todavía no — Ejercicio 1"), text);
  assert.ok(text.includes("💡 Pista:"), text);
});

Deno.test("an answer the check cannot even read gives feedback, not an exception", async () => {
  const text = await printed(() =>
    exercises.reluLenet(undefined as unknown as ReluAnswer)
  );
  assert.ok(text.startsWith("❌ Todavía no — Comprobación"), text);
  assert.ok(text.includes("La comprobación no pudo terminar"), text);
});
