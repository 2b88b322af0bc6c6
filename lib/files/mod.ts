/**
 * Files that are never left half-written: the entry point of `lib/files/`
 * for the engine's callers and the project's tools.
 *
 * @module
 */
export {
  type AtomicWriteOptions,
  writeFileAtomic,
  writeTextFileAtomic,
} from "./atomic.ts";
