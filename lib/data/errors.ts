/**
 * The single error type of the data layer, so callers (and notebooks) can tell
 * "the MNIST files are missing or damaged" apart from programming errors.
 *
 * @module
 */

/**
 * A problem with a data file or data source: missing, truncated, corrupt,
 * wrong checksum, or not downloadable. The message always names the file (or
 * URL), says what was expected and what to do about it.
 *
 * @example
 * ```ts
 * try {
 *   await datasets.mnist.loadData({ offline: true });
 * } catch (e) {
 *   if (e instanceof DataError) console.error(e.message);
 * }
 * ```
 */
export class DataError extends Error {
  /** The file path or URL the error is about. */
  readonly file: string;

  /**
   * Creates the error for `file`.
   *
   * @param file path or URL the problem is about
   * @param message full sentence(s): what was wrong, what was expected, what to do
   * @param options standard `cause`
   */
  constructor(file: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "DataError";
    this.file = file;
  }
}

/**
 * A {@link DataError} raised because a server could not be reached at all
 * (no network, DNS failure): `loadData()` then reports every source it
 * tried in one message instead of this one alone.
 */
export class NetworkError extends DataError {
  /** Creates the error for the URL that could not be reached. */
  constructor(url: string, message: string, options?: ErrorOptions) {
    super(url, message, options);
    this.name = "DataError";
  }
}
