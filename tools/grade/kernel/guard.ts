/**
 * The grader's module inside the grading kernel. The grader imports it in
 * a cell that runs before any of the student's code, under a URL with a
 * random query the student never sees, so the student's code cannot reach
 * this module instance; the grader's check cell imports the same URL again
 * and calls {@link grade}.
 *
 * On import it keeps its own reference to `Deno.jupyter.broadcast`; the
 * preamble then calls {@link arm}, which waits for the backend and records
 * the state of the built-ins, of the course library and of TensorFlow.js
 * ({@link takeSnapshot}). {@link grade} refuses to trust a realm that
 * changed, runs the teacher's checks, checks the realm again (the student's
 * classes run during the checks) and publishes one result bundle carrying the
 * nonce of this run. A module instance that was never armed (the preamble
 * failed, or the check runs in a kernel that is not the preamble's) says so
 * in its bundle instead of grading against a snapshot taken after the
 * student's code.
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
import { changesSince, type Snapshot, takeSnapshot } from "./snapshot.ts";

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

let snapshot: Snapshot | undefined;

/**
 * Records the realm as the student's code will find it. Called by the
 * preamble cell, before any of the student's code; a second call keeps the
 * first snapshot. It waits for the backend first: `tf.backend()` throws
 * while a backend is still starting, and a preamble that failed that way
 * would leave nothing armed (the check then reports `unarmed`).
 */
export async function arm(): Promise<void> {
  await tf.ready();
  snapshot ??= takeSnapshot({
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
}

/** What the grader's check cell publishes. */
export interface GradePayload {
  nonce: string;
  exercise: string;
  /** Changes found in the realm (one newline-separated report); when present, `checks` is empty. */
  tampered?: string[];
  /** True when {@link arm} never ran in this kernel: nothing was checked. */
  unarmed?: boolean;
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
  const taken = snapshot;
  const before = taken ? changesSince(taken) : "";
  if (!taken) {
    payload = { nonce, exercise, unarmed: true, checks: [] };
  } else if (before !== "") {
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
    const after = changesSince(taken);
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
