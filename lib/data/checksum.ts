/**
 * SHA-256 checks for data files, using Web Crypto (native, fast even for the
 * 47 MB MNIST training images).
 *
 * @module
 */
import { DataError } from "./errors.ts";

/**
 * Hex-encoded SHA-256 digest of `bytes`.
 *
 * @example
 * ```ts
 * await sha256Hex(new TextEncoder().encode("abc"));
 * // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 * ```
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    bytes as Uint8Array<ArrayBuffer>,
  );
  return Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
}

/**
 * Throws a {@link DataError} unless `bytes` hash to `expected`.
 * `expected` of `null` skips the check (used for test fixtures).
 *
 * @param bytes the file contents as read
 * @param expected lowercase hex SHA-256, or `null` to skip
 * @param file the file the bytes came from, for the message
 * @param remedy what the user should do when the hash does not match
 */
export async function verifySha256(
  bytes: Uint8Array,
  expected: string | null,
  file: string,
  remedy: string,
): Promise<void> {
  if (expected === null) return;
  const actual = await sha256Hex(bytes);
  if (actual !== expected.toLowerCase()) {
    throw new DataError(
      file,
      `SHA-256 mismatch for ${file}: expected ${expected.toLowerCase()}, got ${actual}. ` +
        `The file is corrupt or is not the expected MNIST file. ${remedy}`,
    );
  }
}
