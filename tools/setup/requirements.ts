/**
 * What the course's commands need besides Deno, how to tell whether it is
 * already there, and which packages bring it (Debian/Ubuntu's apt, or pip
 * into a project-local venv where pip can provide it).
 *
 * Probing looks for the thing itself, not for a package name: a student
 * who has JupyterLab from pip, or Chrome instead of Chromium, has what the
 * command needs and nothing is installed.
 *
 * @module
 */

import { join } from "node:path";
import type { Host } from "./host.ts";

/** The project root (the folder holding deno.json). */
export const PROJECT_ROOT = new URL("../..", import.meta.url).pathname.replace(
  /\/$/,
  "",
);

/** The project-local virtual environment used when apt cannot be. */
export const VENV_DIR = join(PROJECT_ROOT, ".venv");

/** The Python modules the executor and the renderer import. */
export const JUPYTER_MODULES = [
  "nbclient",
  "nbconvert",
  "nbformat",
  "jupyter_client",
] as const;

/** A thing a command needs. */
export interface Requirement {
  /** Short id used by the commands (`jupyter`, `chromium`, …). */
  id: RequirementId;
  /** What the user is told is missing. */
  label: string;
  /** Debian/Ubuntu packages that bring it. */
  apt: string[];
  /** pip packages that bring it into the project's venv, if pip can. */
  pip?: string[];
  /** True when the machine already has it. */
  present(host: Host): Promise<boolean>;
  /**
   * When installing would not help (the user pinned a tool by a variable),
   * the one line to say instead.
   */
  blocker?(host: Host): string | undefined;
}

/** The ids of {@link REQUIREMENTS}. */
export type RequirementId =
  | "jupyter"
  | "vulkan"
  | "chromium"
  | "notebook-ui"
  | "sandbox"
  | "hub"
  | "torch";

/**
 * Python interpreters that may have Jupyter, in the order they are tried:
 * `CNN_PYTHON`, the project's venv, the one behind `jupyter` on PATH
 * (a pip or conda install), Debian's, then `python3` on PATH.
 */
export function pythonCandidates(host: Host): string[] {
  // An explicit choice is the only one tried.
  const pinned = host.env("CNN_PYTHON");
  if (pinned) return [pinned];
  const out: string[] = [];
  const add = (p: string | undefined) => {
    if (p && !out.includes(p)) out.push(p);
  };
  add(join(VENV_DIR, "bin", "python"));
  const jupyter = host.which("jupyter");
  if (jupyter) add(shebangPython(host.readText(jupyter)));
  add("/usr/bin/python3");
  add(host.which("python3"));
  return out.filter((p) => !p.includes("/") ? host.which(p) : host.exists(p));
}

/** The interpreter named by a script's `#!` line, when it is a Python. */
export function shebangPython(script: string | undefined): string | undefined {
  const first = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(script ?? "");
  if (!first) return undefined;
  // `#!/usr/bin/env python3` names the program on PATH.
  const program = first[1].endsWith("/env") ? first[2] : first[1];
  return program && /python[\d.]*$/.test(program) ? program : undefined;
}

/** The first candidate Python that imports `modules`, or undefined. */
export async function findPython(
  host: Host,
  modules: readonly string[] = JUPYTER_MODULES,
): Promise<string | undefined> {
  for (const python of pythonCandidates(host)) {
    const r = await host.run(python, ["-c", `import ${modules.join(", ")}`]);
    if (r.code === 0) return python;
  }
  return undefined;
}

/** Browsers the page checks can drive over CDP, as binary names on PATH. */
const BROWSERS = ["chromium", "chromium-browser", "google-chrome"];

/** The Chromium the checks use: `CNN_CHROMIUM`, else the first browser on PATH. */
export function findChromium(host: Host): string | undefined {
  const fromEnv = host.env("CNN_CHROMIUM");
  if (fromEnv) return host.exists(fromEnv) ? fromEnv : undefined;
  for (const name of BROWSERS) {
    const path = host.which(name);
    if (path) return path;
  }
  return undefined;
}

/** Where Vulkan loaders look for drivers (ICD manifests). */
const ICD_DIRS = [
  "/usr/share/vulkan/icd.d",
  "/etc/vulkan/icd.d",
  "/usr/local/share/vulkan/icd.d",
];

/** True when some Vulkan driver (Mesa's lavapipe or a GPU's) is installed. */
export function hasVulkanDriver(host: Host): boolean {
  if (host.env("VK_ICD_FILENAMES") || host.env("VK_DRIVER_FILES")) return true;
  return ICD_DIRS.some((d) => host.list(d).some((n) => n.endsWith(".json")));
}

/** Everything a command may need, by id. */
export const REQUIREMENTS: Record<RequirementId, Requirement> = {
  jupyter: {
    id: "jupyter",
    label: "Jupyter (nbclient, nbconvert)",
    apt: [
      "jupyter-nbconvert",
      "jupyter-client",
      "python3-nbclient",
      "python3-ipykernel",
    ],
    pip: ["nbclient", "nbconvert", "jupyter_client", "ipykernel"],
    present: async (host) => (await findPython(host)) !== undefined,
    blocker: (host) => {
      const pinned = host.env("CNN_PYTHON");
      return pinned
        ? `CNN_PYTHON=${pinned} cannot import nbclient and nbconvert: install them there (\`${pinned} -m pip install nbclient nbconvert jupyter_client\`) or unset CNN_PYTHON, then run the command again.`
        : undefined;
    },
  },
  vulkan: {
    id: "vulkan",
    label: "a Vulkan driver (Mesa's, for WebGPU without a GPU)",
    apt: ["mesa-vulkan-drivers"],
    present: (host) => Promise.resolve(hasVulkanDriver(host)),
  },
  chromium: {
    id: "chromium",
    label: "Chromium",
    apt: ["chromium"],
    present: (host) => Promise.resolve(findChromium(host) !== undefined),
  },
  "notebook-ui": {
    id: "notebook-ui",
    label: "the classic Jupyter Notebook with Selenium and chromedriver",
    apt: ["jupyter-notebook", "python3-selenium", "chromium-driver"],
    present: async (host) =>
      host.which("chromedriver") !== undefined &&
      (await findPython(host, ["notebook", "selenium"])) !== undefined,
  },
  sandbox: {
    id: "sandbox",
    label: "bubblewrap (the grading sandbox)",
    apt: ["bubblewrap"],
    present: (host) => Promise.resolve(host.which("bwrap") !== undefined),
  },
  hub: {
    id: "hub",
    label: "JupyterHub with its proxy and the classic Notebook",
    apt: ["jupyterhub", "node-configurable-http-proxy", "jupyter-notebook"],
    present: (host) =>
      Promise.resolve(
        host.which("jupyterhub") !== undefined &&
          host.which("configurable-http-proxy") !== undefined &&
          host.which("jupyter-notebook") !== undefined,
      ),
  },
  torch: {
    id: "torch",
    // The GPU proof's side-by-side table needs its peer (PyTorch on CPU here).
    label: "PyTorch (the peer the GPU proof compares with)",
    apt: ["python3-torch"],
    pip: ["torch"],
    present: async (host) => (await findPython(host, ["torch"])) !== undefined,
  },
};

/** What each top-level command needs. */
export const COMMAND_NEEDS: Record<string, RequirementId[]> = {
  course: ["jupyter"],
  teacher: ["jupyter"],
  setup: ["jupyter"],
  render: ["jupyter"],
  test: ["jupyter", "vulkan", "chromium", "sandbox"],
  site: ["jupyter", "chromium"],
  ui: ["jupyter", "notebook-ui", "chromium"],
  grade: ["jupyter", "sandbox"],
  hub: ["jupyter", "hub"],
  gpu: ["vulkan", "torch"],
};

/** The requirements of `ids` that the machine lacks, in order. */
export async function missingRequirements(
  host: Host,
  ids: RequirementId[],
): Promise<Requirement[]> {
  const missing: Requirement[] = [];
  for (const id of ids) {
    const req = REQUIREMENTS[id];
    if (!await req.present(host)) missing.push(req);
  }
  return missing;
}
