/**
 * Jupyter's interrupt button for `fit`, `evaluate` and `predict`.
 *
 * Deno 2.9.6's kernel cannot stop a cell that is awaiting: with
 * `interrupt_mode: "message"` it terminates the isolate, the cell's promise
 * never settles and the kernel stops answering (denoland/deno#24491). The
 * course's kernelspec therefore uses `interrupt_mode: "signal"`, and the lib,
 * once imported inside the kernel, listens for SIGINT itself: the signal no
 * longer kills the kernel, and the training loops stop at the next batch
 * boundary with a {@link KeyboardInterrupt} error, like Keras in Python. The
 * weights keep the last completed batch, so `fit` can simply be called again.
 *
 * What a listener cannot do is stop synchronous JavaScript (an endless
 * `while` loop): the signal waits for the event loop, so such a cell needs
 * Kernel → Restart.
 *
 * @module
 */
import { inJupyter } from "./display.ts";

/**
 * Thrown by `fit`, `evaluate` and `predict` when the kernel is interrupted
 * (Jupyter's ■ button, or Ctrl+C where {@link listenForInterrupts} is on).
 */
export class KeyboardInterrupt extends Error {
  /** Creates the error; `name` is `"KeyboardInterrupt"`, as in Python. */
  constructor(message: string) {
    super(message);
    this.name = "KeyboardInterrupt";
  }
}

let listener: (() => void) | undefined;
let pending = false;
let active = 0;

/**
 * Starts listening for SIGINT (idempotent). Called when the lib is imported
 * inside the Deno Jupyter kernel; elsewhere (`deno run`, `deno test`) Ctrl+C
 * keeps Deno's default of ending the process unless `force` is set.
 * Returns whether a listener is installed.
 */
export function listenForInterrupts(force = false): boolean {
  if (listener !== undefined) return true;
  if (!force && !inJupyter()) return false;
  listener = () => {
    if (active > 0) {
      pending = true;
      return;
    }
    console.error(
      "KeyboardInterrupt: only fit(), evaluate() and predict() stop on an " +
        "interrupt (between batches). To stop other code, use Kernel → Restart.",
    );
  };
  Deno.addSignalListener("SIGINT", listener);
  return true;
}

/** Stops listening (tests, and scripts that want Ctrl+C to end the process again). */
export function stopListeningForInterrupts(): void {
  if (listener === undefined) return;
  Deno.removeSignalListener("SIGINT", listener);
  listener = undefined;
  pending = false;
}

/**
 * Runs a training/inference loop during which an interrupt is turned into a
 * {@link KeyboardInterrupt} at the loop's next {@link checkInterrupt}.
 * An interrupt that arrived before the loop started does not count: the
 * listener records one only while a loop runs, and the last loop to end
 * clears it.
 */
export async function interruptible<T>(fn: () => Promise<T>): Promise<T> {
  active++;
  try {
    return await fn();
  } finally {
    active--;
    if (active === 0) pending = false;
  }
}

/** True when an interrupt arrived during the running loop and was not handled yet. */
export function interruptPending(): boolean {
  return pending;
}

/** Throws {@link KeyboardInterrupt} if an interrupt arrived; `where` says what stopped. */
export function checkInterrupt(where: string): void {
  if (!pending) return;
  pending = false;
  throw new KeyboardInterrupt(where);
}
