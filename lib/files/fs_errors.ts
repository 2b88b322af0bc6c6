/**
 * Turns operating-system errors on user paths (read-only folder, full disk,
 * a file where a folder is expected, a missing path) into one sentence that
 * names the path and says what to do. The data and Keras layers wrap it in
 * their own error classes.
 *
 * @module
 */

/** The `code` Deno sets on OS errors (`EROFS`, `ENOSPC`, …), or `""`. */
export function osErrorCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
}

/**
 * What went wrong at `path` and the fix, e.g.
 * `the disk holding "data" is full (No space left on device (os error 28)). Free some space or choose another folder.`
 *
 * @param e the error thrown by a `Deno` file call
 * @param path the folder (or file) the user chose, as they wrote it
 */
export function explainFsError(e: unknown, path: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  const code = osErrorCode(e);
  if (code === "ENOSPC" || code === "EDQUOT") {
    return `the disk holding "${path}" is full (${msg}). Free some space or choose a folder on another disk.`;
  }
  if (
    code === "EROFS" || code === "EACCES" || code === "EPERM" ||
    e instanceof Deno.errors.PermissionDenied
  ) {
    return `"${path}" cannot be written (${msg}): the folder is read-only or you lack permission. ` +
      `Choose a folder you can write to (e.g. one under your home or the course folder), or fix its permissions.`;
  }
  if (
    code === "ENOTDIR" || code === "EEXIST" ||
    e instanceof Deno.errors.NotADirectory ||
    e instanceof Deno.errors.AlreadyExists
  ) {
    return `"${path}" (or a folder above it) is a file, not a folder (${msg}). ` +
      `Choose another path, or move that file away.`;
  }
  if (code === "ENOENT" || e instanceof Deno.errors.NotFound) {
    return `"${path}" does not exist (${msg}). Check the path.`;
  }
  if (code === "ELOOP") {
    return `"${path}" is a symbolic link loop (${msg}). Choose a real folder.`;
  }
  return `${msg}. Check that "${path}" is a folder you can read and write.`;
}
