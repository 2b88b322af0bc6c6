/**
 * The Vulkan ICD manifests the loader would consider, for the GPU check's
 * "no hardware adapter" line: the files named in `VK_DRIVER_FILES` /
 * `VK_ICD_FILENAMES` when set (the loader then uses only those), else the
 * `.json` files in the standard search folders.
 *
 * @module
 */

/** Folders the Vulkan loader searches on Linux, plus the NVIDIA container one. */
export const ICD_DIRS = [
  "/etc/vulkan/icd.d",
  "/usr/local/share/vulkan/icd.d",
  "/usr/share/vulkan/icd.d",
  "/usr/local/nvidia/share/vulkan/icd.d",
];

/**
 * Paths of the ICD manifests tried, in the loader's order.
 *
 * @param getEnv reads an environment variable (tests pass their own, since
 *   the process environment is shared by tests running in parallel)
 */
export function icdsTried(
  getEnv: (name: string) => string | undefined = (n) => Deno.env.get(n),
): string[] {
  const env = getEnv("VK_DRIVER_FILES") ?? getEnv("VK_ICD_FILENAMES");
  if (env) return env.split(":").filter((p) => p !== "");
  const found: string[] = [];
  for (const dir of ICD_DIRS) {
    try {
      for (const e of Deno.readDirSync(dir)) {
        if (e.name.endsWith(".json")) found.push(`${dir}/${e.name}`);
      }
    } catch {
      // A missing folder is simply not searched.
    }
  }
  return found.sort();
}
