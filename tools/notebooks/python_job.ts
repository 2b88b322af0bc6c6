/**
 * How the tools talk to their Python drivers (the notebook executor, the UI
 * driver): the job goes in as one JSON document on stdin, events come back
 * as JSON lines on stdout (other lines, e.g. a library's chatter, are
 * skipped). One implementation, so both drivers speak the same protocol.
 *
 * @module
 */

/** How to start a Python driver. */
export interface PythonJobOptions {
  /** The Python interpreter. */
  python: string;
  /** Its arguments (the driver script first, or after interpreter flags). */
  args: string[];
  /** The driver's whole environment. */
  env: Record<string, string>;
  /** The job, sent as JSON on stdin. */
  job: unknown;
  /** `"piped"` to read the driver's stderr, `"inherit"` to pass it through. */
  stderr: "piped" | "inherit";
}

/** Starts the driver and sends it the job; stdout is left to {@link jsonLines}. */
export async function startPythonJob(
  options: PythonJobOptions,
): Promise<Deno.ChildProcess> {
  const child = new Deno.Command(options.python, {
    args: options.args,
    env: options.env,
    stdin: "piped",
    stdout: "piped",
    stderr: options.stderr,
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(options.job)));
  await writer.close();
  return child;
}

/** The JSON objects among a stream's lines, as they arrive. */
export async function* jsonLines(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<Record<string, unknown>> {
  for await (const line of readLines(stream)) {
    if (line.startsWith("{")) yield JSON.parse(line);
  }
}

/** A stream's lines without their `\n`, as they arrive. */
async function* readLines(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<string> {
  let buffered = "";
  const decoder = new TextDecoder();
  for await (const bytes of stream) {
    buffered += decoder.decode(bytes, { stream: true });
    let nl: number;
    while ((nl = buffered.indexOf("\n")) >= 0) {
      yield buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
    }
  }
  if (buffered) yield buffered;
}
