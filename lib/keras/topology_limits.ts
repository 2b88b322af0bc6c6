/**
 * Refuses absurd sizes in a saved architecture before it is rebuilt: a
 * `model.json` edited to `units: 2e8` would otherwise allocate until the
 * process runs out of memory. A layer cannot have more units, filters or
 * kernel values than the weights file holds, and no input can be larger
 * than {@link MAX_INPUT_VALUES} values per sample.
 *
 * @module
 */
import { fileError, MODEL_JSON } from "./model_files.ts";

/** Largest per-sample input a saved model may declare (a 10000×10000 image). */
export const MAX_INPUT_VALUES = 1e8;

const COUNT_KEYS = new Set(["units", "filters", "depthMultiplier"]);
const KERNEL_KEYS = new Set(["kernelSize", "poolSize", "strides"]);
const SHAPE_KEYS = new Set([
  "shape",
  "inputShape",
  "batchInputShape",
  "build_input_shape",
]);

function product(v: unknown): number {
  if (typeof v === "number") return v;
  if (v === null) return 1;
  if (Array.isArray(v)) {
    // A list of shapes (multi-input) counts its largest member.
    if (v.some(Array.isArray)) return Math.max(...v.map(product));
    return v.reduce((a: number, d) => a * (typeof d === "number" ? d : 1), 1);
  }
  return 1;
}

/**
 * Walks `topology` and throws a KerasError naming the field of `model.json`
 * whose size cannot fit `savedValues` float32 values.
 */
export function checkTopologySizes(
  dir: string,
  topology: unknown,
  savedValues: number,
): void {
  const walk = (v: unknown, at: string, depth: number): void => {
    if (depth > 64 || typeof v !== "object" || v === null) return;
    for (const [k, x] of Object.entries(v)) {
      const field = Array.isArray(v) ? `${at}[${k}]` : `${at}.${k}`;
      const bad = (want: string) => {
        throw fileError(
          dir,
          MODEL_JSON,
          `has "${field}" = ${
            JSON.stringify(x)
          }, ${want}; the file was edited or damaged`,
        );
      };
      if (COUNT_KEYS.has(k) && typeof x === "number") {
        if (!Number.isSafeInteger(x) || x < 1 || x > savedValues) {
          bad(
            `expected a whole number from 1 to ${savedValues} (the values in the weights file)`,
          );
        }
      } else if (KERNEL_KEYS.has(k) && x !== null && typeof x !== "object") {
        if (typeof x === "number" && !(x >= 1 && x <= savedValues)) {
          bad(`expected at most ${savedValues}`);
        }
      } else if (KERNEL_KEYS.has(k) && Array.isArray(x)) {
        if (!(product(x) >= 1 && product(x) <= savedValues)) {
          bad(`expected sizes whose product is at most ${savedValues}`);
        }
      } else if (SHAPE_KEYS.has(k) && Array.isArray(x)) {
        const p = product(x);
        if (!(p >= 0 && p <= MAX_INPUT_VALUES)) {
          bad(`expected at most ${MAX_INPUT_VALUES} values per sample`);
        }
      } else {
        walk(x, field, depth + 1);
      }
    }
  };
  walk(topology, "modelTopology", 0);
}
