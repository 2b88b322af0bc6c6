/**
 * Deciding how to install what a command lacks, as a pure function of the
 * machine's facts, so every branch is unit-tested:
 *
 * 1. nothing missing → nothing to do, and nothing is printed;
 * 2. apt is there and we are root, or `sudo` needs no password → apt;
 * 3. else, when pip can bring everything that is missing and can reach its
 *    index → pip into the project's `.venv`;
 * 4. else stop before doing anything, with one line naming the exact command.
 *
 * @module
 */

import type { Requirement } from "./requirements.ts";

/** The machine's facts the decision depends on. */
export interface InstallFacts {
  /** Running as root. */
  root: boolean;
  /** `sudo -n true` works (password-less sudo). */
  sudo: boolean;
  /** `apt-get` and `dpkg` exist (Debian, Ubuntu). */
  apt: boolean;
  /** A Python that can create a venv with pip (`python3 -m venv`), if any. */
  venvPython?: string;
  /** pip reached its package index (checked only when the venv is an option). */
  pipIndex?: boolean;
}

/** What to do. */
export type InstallPlan =
  | { kind: "nothing" }
  | { kind: "apt"; sudo: boolean; packages: string[]; what: string[] }
  | { kind: "venv"; python: string; packages: string[]; what: string[] }
  | { kind: "stop"; line: string };

/** The apt packages of `missing`, each once, in order. */
export function aptPackages(missing: Requirement[]): string[] {
  return [...new Set(missing.flatMap((r) => r.apt))];
}

/** The exact apt command that installs `missing`. */
export function aptCommand(missing: Requirement[], sudo = true): string {
  return `${sudo ? "sudo " : ""}apt-get install -y ${
    aptPackages(missing).join(" ")
  }`;
}

/** True when pip can bring every requirement of `missing`. */
export function pipCanProvide(missing: Requirement[]): boolean {
  return missing.every((r) => r.pip !== undefined && r.pip.length > 0);
}

/** Whether the venv route needs to know if pip reaches its index. */
export function needsPipProbe(
  missing: Requirement[],
  facts: InstallFacts,
): boolean {
  return missing.length > 0 && !(facts.apt && (facts.root || facts.sudo)) &&
    pipCanProvide(missing) && facts.venvPython !== undefined;
}

/** Chooses how to install `missing` on a machine with `facts`. */
export function planInstall(
  missing: Requirement[],
  facts: InstallFacts,
): InstallPlan {
  if (missing.length === 0) return { kind: "nothing" };
  const what = missing.map((r) => r.label);
  if (facts.apt && (facts.root || facts.sudo)) {
    return {
      kind: "apt",
      sudo: !facts.root,
      packages: aptPackages(missing),
      what,
    };
  }
  if (pipCanProvide(missing) && facts.venvPython && facts.pipIndex) {
    return {
      kind: "venv",
      python: facts.venvPython,
      packages: [...new Set(missing.flatMap((r) => r.pip ?? []))],
      what,
    };
  }
  return { kind: "stop", line: stopLine(missing, facts) };
}

function stopLine(missing: Requirement[], facts: InstallFacts): string {
  const what = missing.map((r) => r.label).join(", ");
  if (facts.apt) {
    return `Missing: ${what}. Install with \`${
      aptCommand(missing)
    }\`, then run the command again.`;
  }
  if (pipCanProvide(missing)) {
    const pkgs = [...new Set(missing.flatMap((r) => r.pip ?? []))].join(" ");
    return `Missing: ${what}. Install with \`python3 -m pip install ${pkgs}\` (pip could not reach its index from here), then run the command again.`;
  }
  return `Missing: ${what}. Install ${
    aptPackages(missing).join(", ")
  } with your system's package manager, then run the command again.`;
}
