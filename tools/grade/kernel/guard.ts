/**
 * The grader's module inside the grading kernel. The grader imports it in
 * a cell that runs before any of the student's code, under a URL with a
 * random query the student never sees, so the student's code cannot reach
 * this module instance; the grader's check cell imports the same URL again
 * and calls {@link grade}.
 *
 * On import it records the state of the built-ins, of the course library and
 * of TensorFlow.js ({@link takeSnapshot}) and keeps its own reference to
 * `Deno.jupyter.broadcast`. {@link grade} refuses to trust a realm that
 * changed, runs the teacher's checks, checks the realm again (the student's
 * classes run during the checks) and publishes one result bundle carrying the
 * nonce of this run.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import * as lib from "../../../lib/mod.ts";
// The public names are few; the internal entry point also reaches the
// classes behind them (the layers' classes, Feedback), which a student can
// import by their own paths and patch.
import * as internals from "../../../lib/internals.ts";
import { type GradedCheck, runExercise } from "./checks.ts";
import { changesSince, takeSnapshot } from "./snapshot.ts";

export { RESULT_MIME } from "./result_mime.ts";
import { RESULT_MIME } from "./result_mime.ts";

const jupyter = (Deno as unknown as {
  jupyter?: { broadcast: (type: string, content: unknown) => Promise<void> };
}).jupyter;
const broadcast = jupyter?.broadcast;

function kernelRegistry(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of tf.getKernelsForBackend(tf.getBackend())) {
    out[k.kernelName] = k;
  }
  return out;
}

const snapshot = takeSnapshot({
  modules: {
    lib: lib as unknown as Record<string, unknown>,
    internals: internals as unknown as Record<string, unknown>,
    tf,
  },
  objects: {
    "tf.engine()": tf.engine(),
    "tf.backend()": tf.backend(),
    "tf.kernels": kernelRegistry(),
  },
});

/** What the grader's check cell publishes. */
export interface GradePayload {
  nonce: string;
  exercise: string;
  /** Changes found in the realm (one newline-separated report); when present, `checks` is empty. */
  tampered?: string[];
  checks: GradedCheck[];
}

/**
 * Runs the teacher's checks of `exercise` on what `answers` return (each a
 * thunk, so one undefined name does not hide the others) and publishes the
 * result with `nonce`.
 */
export async function grade(
  nonce: string,
  exercise: string,
  answers: (() => unknown)[],
): Promise<void> {
  let payload: GradePayload;
  const before = changesSince(snapshot);
  if (before !== "") {
    payload = { nonce, exercise, tampered: [before], checks: [] };
  } else {
    const args = answers.map((read) => {
      try {
        return read();
      } catch {
        return undefined;
      }
    });
    const checks = await runExercise(exercise, args);
    const after = changesSince(snapshot);
    payload = after !== ""
      ? { nonce, exercise, tampered: [after], checks: [] }
      : { nonce, exercise, checks };
  }
  // A plain-data copy: the kernel serialises it natively, without the
  // (possibly patched) JSON of this realm.
  await broadcast?.("display_data", {
    data: { [RESULT_MIME]: payload },
    metadata: {},
    transient: {},
  });
}
