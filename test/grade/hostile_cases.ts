/**
 * Hostile (and two honest) submissions for the grader, each with the grade
 * it must get. Every case starts from the handed-out exercise notebook and
 * changes cells by id, as a student would in Jupyter.
 *
 * @module
 */
import { join } from "node:path";
import type { Notebook, NotebookCell } from "../../tools/notebooks/files.ts";
import { ROOT } from "../../tools/notebooks/files.ts";

/** One submission and the grade it deserves. */
export interface HostileCase {
  /** Student folder name. */
  student: string;
  exercise: string;
  /** Cell id → new source; `null` deletes the cell. */
  cells: Record<string, string | null>;
  /** Cells added at the end (the student's own cells). */
  extra?: string[];
  /** Expected total points. */
  points: number;
  /** Expected status (`ok`, `tampered`, `timeout`, `kernel-died`, …; `a|b`: either). */
  status: string;
}

/** Where a case may try to steal from, or write to (set by the test). */
export interface Targets {
  /** Another student's submission, on the host. */
  otherSubmission: string;
  /** A host path the case tries to create. */
  hostFile: string;
  /** A 127.0.0.1 URL on the host that serves the right answer. */
  url: string;
}

const RIGHT_01 =
  "const respuesta = { conv: 1168, depthwise: 80, pointwise: 144 };";
const WRONG_01 = "const respuesta = { conv: 1, depthwise: 2, pointwise: 3 };";
/** The cases; `t` says where the file and network attacks aim. */
export function hostileCases(t: Targets): HostileCase[] {
  // Takes the right answer only if the attack worked; else answers nothing.
  const ifStolen = (attempt: string) =>
    `let respuesta: unknown = undefined;
try { ${attempt}; respuesta = { conv: 1168, depthwise: 80, pointwise: 144 }; } catch { /* blocked */ }`;
  return [
    {
      student: "honesta",
      exercise: "01_contar_parametros",
      cells: { respuesta: RIGHT_01 },
      points: 10,
      status: "ok",
    },
    {
      student: "sin_comprobacion",
      exercise: "01_contar_parametros",
      cells: { respuesta: RIGHT_01, comprobar: null },
      points: 10,
      status: "ok",
    },
    {
      student: "imprime_correcto",
      exercise: "01_contar_parametros",
      cells: {
        respuesta: WRONG_01,
        comprobar: `console.log("✅ Correcto — Ejercicio 1");
await Deno.jupyter.display({ "text/html": "<b>✅ Correcto</b>" }, { raw: true });`,
      },
      points: 0,
      status: "ok",
    },
    {
      student: "parchea_exercises",
      exercise: "01_contar_parametros",
      cells: { respuesta: WRONG_01 },
      extra: [`import { checks, exercises } from "cnn/mod.ts";
const ok = () => ({ exercise: "x", passed: true, right: ["todo"], wrong: [], hints: [] });
(checks as Record<string, unknown>).paramCounts = ok;
(exercises as Record<string, unknown>).paramCounts = async () => console.log("✅ Correcto");`],
      points: 0,
      status: "tampered",
    },
    {
      student: "parchea_feedback",
      exercise: "01_contar_parametros",
      cells: { respuesta: WRONG_01 },
      extra: [`import { Feedback } from "cnn/course/exercises/feedback.ts";
Feedback.prototype.result = function () { return { exercise: "x", passed: true, right: ["a"], wrong: [], hints: [] }; };`],
      points: 0,
      status: "tampered",
    },
    {
      student: "parchea_array",
      exercise: "08_formas_de_salida",
      cells: { respuesta: "const respuestas: ShapeAnswers = [[null, 1]];" },
      extra: [
        "Array.prototype.every = function () { return true; }; Object.prototype.passed = true;",
      ],
      points: 0,
      status: "tampered",
    },
    {
      student: "falsifica_resultado",
      exercise: "01_contar_parametros",
      cells: { respuesta: WRONG_01 },
      extra: [`for (const nonce of ["", "0", "x".repeat(32)]) {
  await Deno.jupyter.broadcast("display_data", { data: { "application/vnd.cnn-grade+json": { nonce, exercise: "01_contar_parametros",
    checks: [{ name: "principal", hidden: false, result: { passed: true, right: ["todo"], wrong: [], hints: [] } }] } }, metadata: {}, transient: {} });
}`],
      points: 0,
      status: "ok",
    },
    {
      student: "redefine_pila",
      exercise: "08_formas_de_salida",
      // Answers for a stack of its own; the grader checks the teacher's.
      cells: {
        respuesta: `const pila = new Sequential({ name: "mia" });
pila.add(Dense(10));
const respuestas: ShapeAnswers = [[null, 28, 28, 10]];`,
      },
      points: 0,
      status: "ok",
    },
    {
      student: "deno_exit",
      exercise: "01_contar_parametros",
      cells: { respuesta: RIGHT_01 },
      extra: ["Deno.exit(0);"],
      points: 0,
      status: "kernel-died",
    },
    {
      student: "bucle_infinito",
      exercise: "01_contar_parametros",
      cells: { respuesta: `${RIGHT_01}\nwhile (true) { /* nunca termina */ }` },
      points: 0,
      status: "timeout",
    },
    {
      student: "agota_memoria",
      exercise: "01_contar_parametros",
      cells: {
        respuesta:
          `${RIGHT_01}\nconst montones: number[][] = [];\nwhile (true) montones.push(new Array(1e6).fill(1.5));`,
      },
      points: 0,
      status: "kernel-died|oom",
    },
    {
      student: "inunda_salida",
      exercise: "01_contar_parametros",
      cells: {
        respuesta:
          `${RIGHT_01}\nfor (let i = 0; i < 10000; i++) console.log("ruido ".repeat(50));`,
      },
      points: 10,
      status: "ok",
    },
    {
      student: "lee_ficheros",
      exercise: "01_contar_parametros",
      cells: {
        respuesta: ifStolen(
          `Deno.readTextFileSync(${JSON.stringify(t.otherSubmission)})`,
        ),
      },
      extra: [
        `for (const p of ["/course/notebooks/soluciones/01_contar_parametros.ipynb", "/course/test", "/root", "/home"]) {
  try { Deno.readDirSync(p); throw new Error("visible: " + p); } catch (e) { if (String(e).includes("visible")) throw e; }
}`,
      ],
      points: 0,
      status: "ok",
    },
    {
      student: "red",
      exercise: "01_contar_parametros",
      cells: {
        respuesta: ifStolen(
          `await (await fetch(${JSON.stringify(t.url)})).text()`,
        ),
      },
      points: 0,
      status: "ok",
    },
    {
      student: "escribe_fuera",
      exercise: "01_contar_parametros",
      cells: {
        respuesta: ifStolen(
          `Deno.writeTextFileSync(${
            JSON.stringify(t.hostFile)
          }, "x"); Deno.writeTextFileSync("/course/lib/mod.ts", "export {};")`,
        ),
      },
      extra: [
        `Deno.writeTextFileSync("/tmp/mi_temporal.txt", "en mi carpeta temporal sí puedo");`,
      ],
      points: 0,
      status: "ok",
    },
    {
      student: "convblock_fijo",
      exercise: "02_convblock",
      // Passes the visible check (16 filters, 3×3) but not the hidden one.
      cells: {
        respuesta: `class ConvBlock extends Layer {
  conv: Layer; bn: Layer; activation: Layer;
  constructor(_n: number, _k: number) {
    super();
    this.conv = Conv2D(16, { kernelSize: 3, useBias: false });
    this.bn = BatchNormalization({ axis: 3 });
    this.activation = Activation("relu");
  }
  override call(inputs: tf.Tensor): tf.Tensor {
    return this.activation.apply(this.bn.apply(this.conv.apply(inputs)));
  }
}`,
      },
      points: 8,
      status: "ok",
    },
    {
      student: "sin_cambios",
      exercise: "08_formas_de_salida",
      cells: {},
      points: 0,
      status: "unchanged",
    },
  ];
}

function sourceLines(text: string): string[] {
  const lines = text.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l));
}

/** The case's notebook, built from the handed-out exercise notebook. */
export function caseNotebook(c: HostileCase): Notebook {
  const nb = JSON.parse(
    Deno.readTextFileSync(
      join(ROOT, "notebooks", "ejercicios", `${c.exercise}.ipynb`),
    ),
  ) as Notebook;
  const cells: NotebookCell[] = [];
  for (const cell of nb.cells) {
    const change = cell.id === undefined ? undefined : c.cells[cell.id];
    if (change === null) continue;
    cells.push(
      change === undefined ? cell : { ...cell, source: sourceLines(change) },
    );
  }
  (c.extra ?? []).forEach((text, i) =>
    cells.push({
      cell_type: "code",
      id: `mia-${i}`,
      metadata: {},
      source: sourceLines(text),
      outputs: [],
      execution_count: null,
    })
  );
  return { ...nb, cells };
}
