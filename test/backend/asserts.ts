/**
 * The few assertions these tests need (JSR's @std/assert is not reachable from
 * this environment, so the tests do not depend on it).
 *
 * @module
 */

/** Throws when `cond` is false. */
export function assert(cond: unknown, msg = "assertion failed"): asserts cond {
  if (!cond) throw new Error(msg);
}

/** Throws unless `a <= b`. */
export function assertLessOrEqual(a: number, b: number, msg?: string): void {
  if (!(a <= b)) throw new Error(msg ?? `expected ${a} <= ${b}`);
}

/** Throws unless `a === b`. */
export function assertEquals<T>(a: T, b: T, msg?: string): void {
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    throw new Error(
      msg ?? `expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`,
    );
  }
}

/** Throws unless `fn` rejects with a message matching `re`. */
export async function assertRejects(
  fn: () => Promise<unknown>,
  re: RegExp,
): Promise<void> {
  try {
    await fn();
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    if (!re.test(m)) throw new Error(`error "${m}" does not match ${re}`);
    return;
  }
  throw new Error(`expected a rejection matching ${re}`);
}
