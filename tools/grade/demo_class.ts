/**
 * Writes a demo class to grade: the eight exercises handed in by five
 * students — two right (the solutions), two wrong (the templates, touched so
 * they run), one hostile (a right or wrong answer plus an attack: patching
 * the checks, Deno.exit, a fake "✅ Correcto", an endless loop, a network
 * call, an output flood, reading other folders). Used to measure a batch:
 *
 *   deno run -A tools/grade/demo_class.ts /tmp/clase
 *   time deno task grade /tmp/clase --out /tmp/clase-notas --quick --timeout 120
 *
 * @module
 */
import { join } from "node:path";
import { cellSource, type Notebook, ROOT } from "../notebooks/files.ts";
import { RUBRIC } from "./rubric.ts";
import { roleOf } from "./program.ts";

const ATTACKS = [
  `import { checks } from "cnn/mod.ts";
for (const k of Object.keys(checks)) (checks as Record<string, unknown>)[k] = () => ({ exercise: k, passed: true, right: ["ok"], wrong: [], hints: [] });`,
  "Deno.exit(0);",
  'console.log("✅ Correcto — todo bien");',
  "while (true) { /* sin fin */ }",
  'try { await fetch("http://127.0.0.1:9/"); } catch { console.log("sin red"); }',
  'for (let i = 0; i < 5000; i++) console.log("ruido ".repeat(40));',
  'for (const p of ["/root", "/home", "/course/notebooks"]) { try { Deno.readDirSync(p); } catch { /* no visible */ } }',
  "Array.prototype.every = () => true;",
];

function read(dir: string, id: string): Notebook {
  return JSON.parse(
    Deno.readTextFileSync(join(ROOT, "notebooks", dir, `${id}.ipynb`)),
  );
}

function extraCell(source: string, id: string) {
  return {
    cell_type: "code" as const,
    id,
    metadata: {},
    source,
    outputs: [],
    execution_count: null,
  };
}

/** Writes the 40 notebooks under `dir/<student>/`. */
export function writeDemoClass(dir: string): number {
  let n = 0;
  RUBRIC.forEach((ex, i) => {
    const notebooks: Record<string, Notebook> = {
      ana: read("soluciones", ex.id),
      beto: read("soluciones", ex.id),
      carla: read("ejercicios", ex.id),
      dani: read("ejercicios", ex.id),
    };
    // A touched template runs (an untouched one scores 0 without running).
    const touch = (nb: Notebook, who: string) => {
      for (const c of nb.cells) {
        if (roleOf(c) === "answer") {
          c.source = `${cellSource(c)}\n// ${who}: mi intento`;
        }
      }
    };
    touch(notebooks.carla, "carla");
    touch(notebooks.dani, "dani");
    // Half of the attacks come with a right answer, half with a wrong one.
    const eva = read(i % 2 ? "soluciones" : "ejercicios", ex.id);
    if (i % 2 === 0) touch(eva, "eva");
    eva.cells.push(extraCell(ATTACKS[i % ATTACKS.length], "ataque"));
    notebooks.eva = eva;
    for (const [student, nb] of Object.entries(notebooks)) {
      Deno.mkdirSync(join(dir, student), { recursive: true });
      Deno.writeTextFileSync(
        join(dir, student, `entrega_${i + 1}.ipynb`),
        JSON.stringify(nb),
      );
      n++;
    }
  });
  return n;
}

if (import.meta.main) {
  const dir = Deno.args[0];
  if (!dir) {
    console.error("usage: deno run -A tools/grade/demo_class.ts FOLDER");
    Deno.exit(2);
  }
  console.log(`wrote ${writeDemoClass(dir)} submissions under ${dir}`);
}
