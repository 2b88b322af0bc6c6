/**
 * Keras naming: snake_case class names with per-session counters
 * (`conv2d`, `conv2d_1`, …), reset by {@link clearSession} like
 * `keras.backend.clear_session()`.
 *
 * @module
 */

const counters = new Map<string, number>();

/**
 * Converts a class name to Keras's snake_case prefix.
 *
 * @example
 * ```ts
 * toSnakeCase("MaxPooling2D"); // "max_pooling2d"
 * toSnakeCase("MiniResNet"); // "mini_res_net"
 * ```
 */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, "")
    .replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/**
 * The next unique name for a prefix in this session: the first call returns
 * the prefix itself, later calls append `_1`, `_2`, …
 */
export function uniqueName(prefix: string): string {
  const n = counters.get(prefix) ?? 0;
  counters.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}

/**
 * Resets the name counters, like `keras.backend.clear_session()`: the next
 * `Conv2D()` is called `conv2d` again. Existing layers keep their names.
 */
export function clearSession(): void {
  counters.clear();
}

let engineCounter = 0;

/**
 * A name for a tfjs variable that stays unique in the tfjs engine for the
 * whole process, even after {@link clearSession} (the engine rejects
 * duplicates). Keras names are kept separately for display and saving.
 */
export function engineVariableName(kerasPath: string): string {
  engineCounter += 1;
  return `${kerasPath}__${engineCounter}`;
}
