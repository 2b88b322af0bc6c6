/**
 * `classroom/install.sh` under a private root, run twice by
 * `deno task check:hub`: the second run must report "0 change(s)" and leave
 * every file as it was (path, mode, owner, size, mtime). The same snapshot,
 * taken again after the students have worked, shows they changed nothing in
 * the shared course, cache or data.
 *
 * @module
 */

import { join } from "node:path";
import { ROOT } from "../notebooks/files.ts";

const INSTALLER = join(ROOT, "classroom", "install.sh");

/** Where the install put what the check needs. */
export interface InstalledPaths {
  config: string;
  denoDir: string;
  dataDir: string;
  libDir: string;
  kernelJson: string;
}

/** Every file and folder under `dir`: path → "mode uid size mtime". */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of Deno.readDirSync(d)) {
      const p = join(d, e.name);
      const s = Deno.lstatSync(p);
      out.set(p, `${s.mode} ${s.uid} ${s.size} ${s.mtime?.getTime()}`);
      if (s.isDirectory) walk(p);
    }
  };
  walk(dir);
  return out;
}

/** The paths that differ between two snapshots (at most `limit`). */
export function differences(
  a: Map<string, string>,
  b: Map<string, string>,
  limit = 10,
): string[] {
  const diff: string[] = [];
  for (const [p, v] of a) if (b.get(p) !== v) diff.push(p);
  for (const p of b.keys()) if (!a.has(p)) diff.push(p);
  return diff.slice(0, limit);
}

async function install(root: string): Promise<string> {
  const out = await new Deno.Command("bash", {
    args: [INSTALLER, "--root", root, "--no-apt"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`install.sh failed:\n${text.trim()}`);
  return text;
}

/**
 * Installs under `root` (a first run may fill the cache from npm), snapshots,
 * installs again and asserts nothing changed.
 */
export async function installTwice(root: string): Promise<{
  summary: string;
  paths: InstalledPaths;
  unchanged: () => Promise<string>;
}> {
  const first = await install(root);
  const before = snapshot(root);
  const second = await install(root);
  const after = snapshot(root);
  const diff = differences(before, after);
  if (!/Done: 0 change\(s\)\./.test(second) || diff.length > 0) {
    throw new Error(
      `a second install run changed things:\n${second.trim()}\n${
        diff.join("\n")
      }`,
    );
  }
  const firstCount = /Done: (\d+) change/.exec(first)?.[1] ?? "?";
  const conf = JSON.parse(
    await Deno.readTextFile(
      join(root, "etc", "jupyterhub", "cnn-course", "classroom.json"),
    ),
  );
  const paths: InstalledPaths = {
    config: join(
      root,
      "etc",
      "jupyterhub",
      "cnn-course",
      "jupyterhub_config.py",
    ),
    denoDir: conf.deno_dir,
    dataDir: join(conf.course_dir, "data"),
    libDir: join(conf.course_dir, "lib"),
    kernelJson: join(conf.jupyter_data_dir, "kernels", "deno", "kernel.json"),
  };
  return {
    summary:
      `first run: ${firstCount} change(s); second run: 0 changes, ${after.size} paths identical`,
    paths,
    unchanged: () => {
      const now = snapshot(root);
      const d = differences(after, now);
      if (d.length > 0) {
        throw new Error(
          `the students' work changed the shared install:\n${d.join("\n")}`,
        );
      }
      return Promise.resolve(
        `shared install unchanged after the students' work (${now.size} paths)`,
      );
    },
  };
}
