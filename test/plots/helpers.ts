// Assertions shared by the plots tests (node:assert, since JSR is not reachable here).
import assert from "node:assert/strict";

/** Fails unless `text` contains `part`. */
export function assertIncludes(text: string, part: string): void {
  assert.ok(
    text.includes(part),
    `expected to find ${JSON.stringify(part)} in ${
      JSON.stringify(text.slice(0, 300))
    }`,
  );
}

type ErrorClass = new (...args: never[]) => Error;

function matches(type: ErrorClass, message: string) {
  return (err: unknown) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${err}`);
    assertIncludes((err as Error).message, message);
    return true;
  };
}

/** Awaits `fn` and fails unless it rejects with `type` and a message containing `message`. */
export async function assertRejects(
  fn: () => Promise<unknown>,
  type: ErrorClass,
  message: string,
) {
  await assert.rejects(fn, matches(type, message));
}

/** Fails unless `fn` throws `type` with a message containing `message`. */
export function assertThrows(
  fn: () => unknown,
  type: ErrorClass,
  message: string,
) {
  assert.throws(fn, matches(type, message));
}

/** Occurrences of `needle` in `text`. */
export function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** Decodes base64 to bytes. */
export function fromBase64(b64: string): Uint8Array {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}
