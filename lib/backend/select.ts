/**
 * Backend selection (initial version; the backend work replaces it).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

let chosen: Promise<string> | undefined;

/** Picks and initialises the best available backend once; returns its name. */
export function useBestBackend(): Promise<string> {
  chosen ??= (async () => {
    const name = Deno.env.get("CNN_BACKEND") ?? "wasm";
    if (!(await tf.setBackend(name))) {
      throw new Error(`Backend "${name}" could not start.`);
    }
    await tf.ready();
    return name;
  })();
  return chosen;
}
