/**
 * Installing, once, what a command needs: probe, decide (plan.ts), run apt
 * or pip, say what went wrong in one line, and probe again.
 *
 * A second run finds everything present and prints nothing.
 *
 * @module
 */

import { join, relative } from "node:path";
import type { Host } from "./host.ts";
import {
  aptCommand,
  type InstallFacts,
  type InstallPlan,
  needsPipProbe,
  planInstall,
} from "./plan.ts";
import {
  missingRequirements,
  type Requirement,
  type RequirementId,
  VENV_DIR,
} from "./requirements.ts";

/** A set-up failure, explained in one line with what to do. */
export class SetupError extends Error {
  /** @param message one line: what failed and the command that fixes it */
  constructor(message: string) {
    super(message);
    this.name = "SetupError";
  }
}

/** How long apt may wait for another apt or dpkg to free its lock. */
export const APT_LOCK_TIMEOUT_S = 120;

/** Gathers the facts {@link planInstall} needs (cheap probes first). */
export async function installFacts(
  host: Host,
  missing: Requirement[],
): Promise<InstallFacts> {
  const root = host.uid() === 0;
  const apt = host.which("apt-get") !== undefined &&
    host.which("dpkg") !== undefined;
  let sudo = false;
  if (!root && apt && host.which("sudo")) {
    sudo = (await host.run("sudo", ["-n", "true"])).code === 0;
  }
  const facts: InstallFacts = { root, sudo, apt };
  const python = host.which("python3");
  if (python) {
    const venv = await host.run(python, ["-c", "import venv, ensurepip"]);
    if (venv.code === 0) facts.venvPython = python;
  }
  if (needsPipProbe(missing, facts)) {
    facts.pipIndex = await pipReachesIndex(host, facts.venvPython!);
  }
  return facts;
}

/** True when pip can download a small package (nbformat) from its index. */
async function pipReachesIndex(host: Host, python: string): Promise<boolean> {
  const scratch = await Deno.makeTempDir({ prefix: "cnn-pip-probe-" });
  try {
    let pip = python;
    if ((await host.run(python, ["-m", "pip", "--version"])).code !== 0) {
      // Debian's python3 may lack pip; a throw-away venv brings its own.
      const venv = join(scratch, "venv");
      if ((await host.run(python, ["-m", "venv", venv])).code !== 0) {
        return false;
      }
      pip = join(venv, "bin", "python");
    }
    const r = await host.run(pip, [
      "-m",
      "pip",
      "download",
      "--no-deps",
      "--no-cache-dir",
      "--quiet",
      "--timeout",
      "15",
      "--dest",
      join(scratch, "dl"),
      "nbformat",
    ]);
    return r.code === 0;
  } finally {
    await Deno.remove(scratch, { recursive: true }).catch(() => {});
  }
}

/** The one-line explanation of a failed `apt-get` run. */
export function aptFailure(
  stderr: string,
  code: number,
  missing: Requirement[],
): string {
  const lock =
    /Could not get lock (\S+?)\.? It is held by process (\d+)(?: \(([^)]+)\))?/
      .exec(stderr);
  if (lock) {
    return `apt is busy: process ${lock[2]}${
      lock[3] ? ` (${lock[3]})` : ""
    } still holds ${
      lock[1]
    } after ${APT_LOCK_TIMEOUT_S} s; wait for it to finish, then run the command again.`;
  }
  if (/Could not get lock/.test(stderr)) {
    return `apt is busy: another process holds its lock after ${APT_LOCK_TIMEOUT_S} s; wait for it to finish, then run the command again.`;
  }
  const offline =
    /Temporary failure resolving|Could not resolve|Failed to fetch|Unable to connect|Network is unreachable|Connection timed out/
      .exec(stderr);
  if (offline) {
    return `Could not download ${
      missing.map((r) => r.label).join(", ")
    } (apt: "${
      offline[0]
    }"; no network?): connect to the network and run the command again, or install them with \`${
      aptCommand(missing)
    }\`.`;
  }
  const unknown = /Unable to locate package (\S+)/.exec(stderr);
  if (unknown) {
    return `apt does not know the package ${
      unknown[1]
    } (nothing downloaded and not in apt's lists; no network?): run \`sudo apt-get update\` with network access, then run the command again.`;
  }
  const last = stderr.split("\n").filter((l) => /^E:/.test(l)).at(-1) ??
    stderr.trim().split("\n").at(-1) ?? "";
  return `apt-get failed (exit ${code}${
    last ? `: ${last.trim()}` : ""
  }); install by hand with \`${aptCommand(missing)}\`.`;
}

/** `apt-get` arguments before the packages: quiet, no prompt, no extras. */
const APT_INSTALL = ["install", "-y", "-q", "--no-install-recommends"];

/** `python` arguments before the packages: pip, quiet. */
const PIP_INSTALL = ["-m", "pip", "install", "--quiet"];

async function runApt(
  host: Host,
  plan: Extract<InstallPlan, { kind: "apt" }>,
  missing: Requirement[],
): Promise<void> {
  host.say(
    `Installing ${plan.what.join(", ")} with apt-get (once): ${
      plan.packages.join(" ")
    }`,
  );
  let saidWaiting = false;
  const onStderrLine = (line: string) => {
    const held = /held by process (\d+)(?: \(([^)]+)\))?/.exec(line);
    if (!saidWaiting && (held || /Waiting for cache lock/.test(line))) {
      saidWaiting = true;
      host.say(
        `Waiting for apt: ${
          held
            ? `process ${held[1]}${held[2] ? ` (${held[2]})` : ""}`
            : "another process"
        } holds its lock (up to ${APT_LOCK_TIMEOUT_S} s)…`,
      );
    }
  };
  const apt = (args: string[]) => {
    const full = [
      "env",
      "DEBIAN_FRONTEND=noninteractive",
      "apt-get",
      "-o",
      `DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_S}`,
      ...args,
    ];
    return plan.sudo
      ? host.run("sudo", ["-n", ...full], { onStderrLine })
      : host.run(full[0], full.slice(1), { onStderrLine });
  };
  const update = await apt(["update", "-q"]);
  // `apt-get update` exits 0 with warnings when offline; the install then
  // fails, and both outputs together name the cause.
  const install = await apt([...APT_INSTALL, ...plan.packages]);
  if (install.code !== 0) {
    throw new SetupError(
      aptFailure(`${update.stderr}\n${install.stderr}`, install.code, missing),
    );
  }
}

async function runVenv(
  host: Host,
  plan: Extract<InstallPlan, { kind: "venv" }>,
): Promise<void> {
  const where = relative(Deno.cwd(), VENV_DIR) || VENV_DIR;
  host.say(
    `Installing ${plan.what.join(", ")} into ${where} with pip (once): ${
      plan.packages.join(" ")
    }`,
  );
  const python = join(VENV_DIR, "bin", "python");
  if (!host.exists(python)) {
    const made = await host.run(plan.python, ["-m", "venv", VENV_DIR]);
    if (made.code !== 0) {
      throw new SetupError(
        `could not create ${where} (${
          lastLine(made.stderr)
        }); install Jupyter with \`python3 -m pip install ${
          plan.packages.join(" ")
        }\`, then run the command again.`,
      );
    }
  }
  const r = await host.run(python, [...PIP_INSTALL, ...plan.packages]);
  if (r.code !== 0) {
    throw new SetupError(
      `pip could not install ${plan.packages.join(" ")} into ${where} (${
        lastLine(r.stderr)
      }); run \`${python} -m pip install ${
        plan.packages.join(" ")
      }\` with network access, then run the command again.`,
    );
  }
}

function lastLine(text: string): string {
  return text.trim().split("\n").filter((l) => l.trim()).at(-1)?.trim() ??
    "no message";
}

/**
 * Makes sure the machine has `ids`: installs what is missing (once) or
 * throws a {@link SetupError} with the one line to act on. Returns the plan
 * that was carried out (`nothing` on a second run).
 */
export async function ensureRequirements(
  host: Host,
  ids: RequirementId[],
): Promise<InstallPlan> {
  const missing = await missingRequirements(host, ids);
  if (missing.length === 0) return { kind: "nothing" };
  for (const req of missing) {
    const line = req.blocker?.(host);
    if (line) throw new SetupError(line);
  }
  const plan = planInstall(missing, await installFacts(host, missing));
  if (plan.kind === "stop") throw new SetupError(plan.line);
  if (plan.kind === "apt") await runApt(host, plan, missing);
  if (plan.kind === "venv") await runVenv(host, plan);
  const still = await missingRequirements(host, ids);
  if (still.length > 0) {
    throw new SetupError(
      `installed ${
        plan.kind === "apt" ? plan.packages.join(" ") : "the packages"
      } but ${
        still.map((r) => r.label).join(", ")
      } is still not found; install it by hand (\`${
        aptCommand(still)
      }\`) and run the command again.`,
    );
  }
  host.say(`Installed ${missing.map((r) => r.label).join(", ")}.`);
  return plan;
}
