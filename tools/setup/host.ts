/**
 * What the set-up needs from the machine, behind one interface: who we are,
 * which programs and files exist, and running a command. The real host talks
 * to the system; the unit tests pass a fake one, so the decision logic is
 * tested without installing anything.
 *
 * @module
 */

/** The outcome of {@link Host.run}. */
export interface RunResult {
  /** Exit code (127 when the program is missing). */
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link Host.run}. */
export interface RunOptions {
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Called with each line of stderr as it arrives (apt's lock messages). */
  onStderrLine?: (line: string) => void;
  /** Working folder. */
  cwd?: string;
}

/** The machine, as the set-up sees it. */
export interface Host {
  /** Effective user id (0 for root). */
  uid(): number;
  /** The absolute path of `program` on PATH, or undefined. */
  which(program: string): string | undefined;
  /** Whether `path` exists. */
  exists(path: string): boolean;
  /** The text of a file (its first KiB is enough), or undefined. */
  readText(path: string): string | undefined;
  /** The names in folder `dir` (none when it is missing). */
  list(dir: string): string[];
  /** An environment variable. */
  env(name: string): string | undefined;
  /** Runs a program to completion, capturing its output. */
  run(
    program: string,
    args: string[],
    options?: RunOptions,
  ): Promise<RunResult>;
  /** Prints one line for the user. */
  say(line: string): void;
}

/** The real machine. */
export function systemHost(): Host {
  return {
    uid: () => Deno.uid() ?? 0,
    which(program) {
      for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
        if (!dir) continue;
        const path = `${dir}/${program}`;
        try {
          const info = Deno.statSync(path);
          if (info.isFile && ((info.mode ?? 0o111) & 0o111)) return path;
        } catch {
          // not in this folder
        }
      }
      return undefined;
    },
    exists(path) {
      try {
        Deno.statSync(path);
        return true;
      } catch {
        return false;
      }
    },
    readText(path) {
      try {
        const file = Deno.openSync(path);
        try {
          const buf = new Uint8Array(1024);
          const n = file.readSync(buf) ?? 0;
          return new TextDecoder().decode(buf.subarray(0, n));
        } finally {
          file.close();
        }
      } catch {
        return undefined;
      }
    },
    list(dir) {
      try {
        return [...Deno.readDirSync(dir)].map((e) => e.name);
      } catch {
        return [];
      }
    },
    env: (name) => Deno.env.get(name),
    run: runCommand,
    say: (line) => console.log(line),
  };
}

async function runCommand(
  program: string,
  args: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(program, {
      args,
      env: options.env,
      cwd: options.cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      return { code: 127, stdout: "", stderr: `${program}: not found` };
    }
    throw e;
  }
  const stdout = new Response(child.stdout).text();
  let stderr = "";
  let pending = "";
  const decoder = new TextDecoder();
  for await (const bytes of child.stderr) {
    const text = decoder.decode(bytes, { stream: true });
    stderr += text;
    pending += text;
    let nl: number;
    while ((nl = pending.search(/[\r\n]/)) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line.trim()) options.onStderrLine?.(line);
    }
  }
  if (pending.trim()) options.onStderrLine?.(pending);
  const { code } = await child.status;
  return { code, stdout: await stdout, stderr };
}
