/**
 * The grader's outputs: `grades.csv` (one row per check), one Spanish
 * feedback page per student, and the per-exercise summary (mean and
 * distribution) printed at the end and written as `summary.csv`.
 *
 * @module
 */
import { escapeHtml } from "../../lib/core/html.ts";
import { RUBRIC } from "./rubric.ts";
import type { SubmissionGrade } from "./score.ts";

function csvField(value: string | number | boolean): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** grades.csv: student, exercise, check, points, max, passed, message. */
export function gradesCsv(grades: SubmissionGrade[]): string {
  const rows = [[
    "student",
    "exercise",
    "check",
    "points",
    "max",
    "passed",
    "message",
  ]];
  for (const g of sorted(grades)) {
    for (const c of g.checks) {
      rows.push([
        g.student,
        g.exercise,
        c.check,
        String(c.points),
        String(c.max),
        c.passed ? "true" : "false",
        c.message,
      ]);
    }
  }
  return rows.map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}

function sorted(grades: SubmissionGrade[]): SubmissionGrade[] {
  return [...grades].sort((a, b) =>
    a.student.localeCompare(b.student) || a.exercise.localeCompare(b.exercise)
  );
}

/** Points and maximum of one submission. */
export function total(g: SubmissionGrade): { points: number; max: number } {
  return {
    points: Math.round(g.checks.reduce((s, c) => s + c.points, 0) * 10) / 10,
    max: g.checks.reduce((s, c) => s + c.max, 0),
  };
}

function inline(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

/** A file name for a student's page: letters, digits, `-` and `_` only. */
export function pageName(student: string): string {
  const safe = student.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "");
  return `${safe || "alumno"}.html`;
}

/** One student's feedback page (Spanish, self-contained HTML). */
export function feedbackPage(
  student: string,
  grades: SubmissionGrade[],
): string {
  const title = (id: string) => RUBRIC.find((e) => e.id === id)?.title ?? id;
  const sections = sorted(grades).map((g) => {
    const { points, max } = total(g);
    const items = g.checks.map((c) => {
      const mark = c.passed ? "✅" : "❌";
      if (c.hidden) {
        return `<li>${mark} ${
          c.passed
            ? "comprobación oculta: superada"
            : "comprobación oculta: no superada"
        } <span class="pts">(${c.points} / ${c.max})</span></li>`;
      }
      const lines = [
        ...c.right.map((t) => `<li class="ok">✔ ${inline(t)}</li>`),
        ...c.wrong.map((t) => `<li class="ko">✘ ${inline(t)}</li>`),
        ...c.hints.map((t) =>
          `<li class="hint">💡 <b>Pista:</b> ${inline(t)}</li>`
        ),
      ].join("");
      const partial = !c.passed && c.points > 0
        ? ` — crédito parcial: ${c.right.length} de ${
          c.right.length + c.wrong.length
        } aspectos correctos`
        : "";
      return `<li>${mark} Comprobación ${
        escapeHtml(c.check)
      } <span class="pts">(${c.points} / ${c.max}${partial})</span><ul>${lines}</ul></li>`;
    }).join("");
    const note = g.note ? `<p class="note">${inline(g.note)}</p>` : "";
    return `<section><h2>${
      inline(title(g.exercise))
    } — ${points} / ${max}</h2>` +
      `<p class="file">Cuaderno: <code>${
        escapeHtml(g.relPath)
      }</code></p>${note}<ul>${items}</ul></section>`;
  }).join("\n");
  const sum = grades.reduce((s, g) => s + total(g).points, 0);
  const max = grades.reduce((s, g) => s + total(g).max, 0);
  return `<!doctype html>
<html lang="es"><head><meta charset="utf-8">
<title>Calificación · ${escapeHtml(student)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
ul{list-style:none;padding-left:1rem}.ok{color:#1b7f3b}.ko{color:#b3261e}.hint{color:#555}
.pts{color:#555}.note{background:#fdf0ef;padding:.5rem;border-left:4px solid #b3261e}
.file{color:#777;font-size:.9rem}code{background:#f3f3f3;padding:0 .2rem}
</style></head><body>
<h1>Calificación de ${escapeHtml(student)}: ${
    Math.round(sum * 10) / 10
  } / ${max}</h1>
<p>Comprobado por el profesor con sus propias comprobaciones, en un entorno aislado. Las comprobaciones ocultas cuentan en la nota pero solo se indica si se superaron.</p>
${sections}
</body></html>
`;
}

/** Per-exercise statistics of the batch. */
export interface ExerciseSummary {
  exercise: string;
  count: number;
  mean: number;
  max: number;
  /** Submissions per tenth of the maximum: [0,10%), …, [90%,100%), 100%. */
  histogram: number[];
}

/** Mean and distribution per exercise, in course order. */
export function summarize(grades: SubmissionGrade[]): ExerciseSummary[] {
  const out: ExerciseSummary[] = [];
  for (const ex of RUBRIC) {
    const mine = grades.filter((g) => g.exercise === ex.id);
    if (mine.length === 0) continue;
    const max = ex.checks.reduce((s, c) => s + c.points, 0);
    const histogram = new Array(11).fill(0);
    let sum = 0;
    for (const g of mine) {
      const p = total(g).points;
      sum += p;
      histogram[Math.min(10, Math.floor((p / max) * 10 + 1e-9))]++;
    }
    out.push({
      exercise: ex.id,
      count: mine.length,
      mean: Math.round((sum / mine.length) * 100) / 100,
      max,
      histogram,
    });
  }
  return out;
}

/** The summary as a printed table, one line per exercise. */
export function summaryText(summary: ExerciseSummary[]): string {
  const bars = " ▁▂▃▄▅▆▇█";
  const lines = ["exercise                 n   mean/max  distribution 0%…100%"];
  for (const s of summary) {
    const top = Math.max(...s.histogram);
    const spark = s.histogram.map((n) =>
      n === 0 ? "·" : bars[Math.max(1, Math.round((n / top) * 8))]
    ).join("");
    lines.push(
      `${s.exercise.padEnd(24)} ${String(s.count).padStart(2)}  ${
        s.mean.toFixed(2).padStart(5)
      }/${String(s.max).padEnd(3)} ${spark}  [${s.histogram.join(" ")}]`,
    );
  }
  return lines.join("\n");
}

/** summary.csv: exercise, n, mean, max, then the 11 histogram bins. */
export function summaryCsv(summary: ExerciseSummary[]): string {
  const head = [
    "exercise",
    "n",
    "mean",
    "max",
    ...Array.from({ length: 10 }, (_, i) => `${i * 10}-${i * 10 + 10}%`),
    "100%",
  ];
  const rows = summary.map((s) =>
    [s.exercise, s.count, s.mean, s.max, ...s.histogram].join(",")
  );
  return [head.join(","), ...rows].join("\n") + "\n";
}
