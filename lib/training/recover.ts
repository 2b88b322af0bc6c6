/**
 * Repairs TensorFlow.js's engine after a Jupyter interrupt.
 *
 * The Deno kernel interrupts a cell with V8's `TerminateExecution`, which
 * stops JavaScript wherever it is, `finally` blocks included. Stopped
 * inside `tf.tidy` or a gradient computation, the engine keeps an open
 * scope, a raised kernel depth (which silently turns off gradient
 * recording) and a live tape. `fit`, `evaluate` and `predict` call
 * {@link recoverEngine} first so training works again in the next cell.
 * (With `interrupt_mode: "message"`, Deno 2.9.6's kernel never finishes a
 * cell interrupted while it awaits; the course's kernelspec uses signals
 * instead, see `interrupt.ts`. This repair still covers kernelspecs
 * installed by hand with message mode, when the interrupt hits a
 * synchronous stretch.)
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

interface EngineStateView {
  scopeStack: unknown[];
  activeScope: unknown;
  kernelDepth: number;
  gradientDepth: number;
  activeTape: { saved?: tf.Tensor[] }[] | null;
  numDataMovesStack: unknown[];
}

/**
 * Frees the tensors a gradient tape saved for the backward pass when the
 * forward pass threw: tfjs disposes them only after a successful backward
 * pass, so each failed step (a custom layer's bug, say) would leak the
 * batch's saved activations. Call it after the throwing `variableGrads`.
 */
export function discardAbandonedTape(): void {
  const state = (tf.engine() as unknown as { state: EngineStateView }).state;
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) tf.dispose(node.saved ?? []);
  state.activeTape = null;
}

/**
 * Clears engine state left by code stopped mid-`tidy`; returns true when
 * something was repaired. Call it only between synchronous tfjs calls
 * (after an `await`), when no scope can legitimately be open.
 *
 * Tensors tracked by the abandoned scope are left alive (some may belong to
 * cells that ran after the interrupt), so an interrupt leaks at most one
 * batch's intermediates.
 */
export function recoverEngine(): boolean {
  const state = (tf.engine() as unknown as { state: EngineStateView }).state;
  let repaired = false;
  if (state.scopeStack.length > 0) {
    state.scopeStack.length = 0;
    state.activeScope = null;
    repaired = true;
  }
  if (state.kernelDepth !== 0) {
    state.kernelDepth = 0;
    repaired = true;
  }
  if (state.gradientDepth !== 0) {
    state.gradientDepth = 0;
    state.activeTape = null;
    repaired = true;
  }
  if (state.numDataMovesStack.length > 0) {
    state.numDataMovesStack.length = 0;
    repaired = true;
  }
  return repaired;
}
