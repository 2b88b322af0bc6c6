/**
 * What the grading kernel runs for one submission: the grader's preamble,
 * the teacher's notebook with the student's answer cells (and any cells the
 * student added) in place, and the grader's own check cell. The check cells
 * found in the submission are never run, and the teacher's given cells
 * (data, imports, the training recipe) are taken from the project, not from
 * the submission.
 *
 * @module
 */
import {
  cellSource,
  type Notebook,
  type NotebookCell,
} from "../notebooks/files.ts";
import type { RubricExercise } from "./rubric.ts";

/** One cell of the program, with the role the driver reports it under. */
export interface ProgramCell {
  role: "preamble" | "given" | "answer" | "extra" | "check";
  source: string;
}

/** Where the project is mounted inside the sandbox. */
export const SANDBOX_PROJECT = "/course";

/** The role a cell's metadata gives it (`cnn_course.role`), or undefined. */
export function roleOf(cell: NotebookCell): string | undefined {
  const meta = cell.metadata?.cnn_course as Record<string, unknown> | undefined;
  return typeof meta?.role === "string" ? meta.role : undefined;
}

/**
 * True when the student changed none of the answer cells (each is still the
 * teacher's template, or missing): such a notebook earns no partial credit
 * for what the template already had right.
 */
export function answersUnchanged(
  teacher: Notebook,
  submission: Notebook,
): boolean {
  const norm = (t: string) => t.replace(/\s+/g, " ").trim();
  const answers = teacher.cells.filter((c) =>
    c.cell_type === "code" && roleOf(c) === "answer"
  );
  const mine = submission.cells.filter((c) => c.cell_type === "code");
  return answers.length > 0 && answers.every((t) => {
    const s = mine.find((c) => c.id === t.id);
    return s === undefined || norm(cellSource(s)) === norm(cellSource(t));
  });
}

/** A random hex string (nonces and module-instance keys). */
export function randomHex(bytes = 16): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/**
 * Builds the program. `teacher` is the project's exercise notebook;
 * `submission` the student's. Answer cells are matched by cell id, else by
 * their position among the cells marked as answers; a missing answer runs as
 * an empty cell (its names stay undefined and the check says so).
 */
export function buildProgram(
  teacher: Notebook,
  submission: Notebook,
  exercise: RubricExercise,
  nonce: string,
  instance: string,
): ProgramCell[] {
  const teacherIds = new Set(
    teacher.cells.map((c) => c.id).filter((id): id is string => !!id),
  );
  const studentCode = submission.cells.filter((c) => c.cell_type === "code");
  const byId = new Map(
    studentCode.filter((c) => c.id).map((c) => [c.id as string, c]),
  );
  const studentAnswers = studentCode.filter((c) => roleOf(c) === "answer");

  // Cells the student added are run after the teacher cell they follow.
  const extras = new Map<string, NotebookCell[]>();
  let anchor = "";
  for (const cell of submission.cells) {
    if (cell.id && teacherIds.has(cell.id)) {
      anchor = cell.id;
      continue;
    }
    if (cell.cell_type !== "code" || roleOf(cell) !== undefined) continue;
    const list = extras.get(anchor) ?? [];
    list.push(cell);
    extras.set(anchor, list);
  }

  const guardUrl =
    `file://${SANDBOX_PROJECT}/tools/grade/kernel/guard.ts?i=${instance}`;
  const cells: ProgramCell[] = [{
    role: "preamble",
    source: `await (await import(${JSON.stringify(guardUrl)})).arm();`,
  }];
  const pushExtras = (id: string) => {
    for (const c of extras.get(id) ?? []) {
      cells.push({ role: "extra", source: cellSource(c) });
    }
  };
  pushExtras("");
  let answerIndex = 0;
  for (const cell of teacher.cells) {
    if (cell.cell_type !== "code") {
      if (cell.id) pushExtras(cell.id);
      continue;
    }
    const role = roleOf(cell);
    if (role === "answer") {
      const mine = (cell.id ? byId.get(cell.id) : undefined) ??
        studentAnswers[answerIndex];
      answerIndex++;
      cells.push({ role: "answer", source: mine ? cellSource(mine) : "" });
    } else if (role !== "check") {
      cells.push({ role: "given", source: cellSource(cell) });
    }
    if (cell.id) pushExtras(cell.id);
  }
  const thunks = exercise.answers.map((name) => `() => ${name}`).join(", ");
  cells.push({
    role: "check",
    source: `await (await import(${JSON.stringify(guardUrl)})).grade(${
      JSON.stringify(nonce)
    }, ${JSON.stringify(exercise.id)}, [${thunks}]);`,
  });
  return cells;
}
