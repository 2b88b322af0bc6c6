/**
 * WebGPU adapter probing for backend selection: is there a GPU, and is it a
 * real one or a software rasteriser (Mesa llvmpipe/lavapipe, SwiftShader)?
 *
 * @module
 */

/** What `navigator.gpu` offers. */
export interface AdapterProbe {
  /** A WebGPU adapter was returned. */
  found: boolean;
  /** The adapter is a CPU (software) implementation. */
  software: boolean;
  /** Human-readable adapter description, e.g. `"NVIDIA GeForce RTX 3060"` or `"llvmpipe (LLVM 15.0.6, 256 bits)"`. */
  description: string;
  /** Why no adapter was found (when `found` is false). */
  reason?: string;
}

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|software|softpipe|warp/i;

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/**
 * Deno prints "XDG_RUNTIME_DIR is invalid or not set" from the Vulkan loader
 * when the variable is missing (servers, containers); a private directory
 * keeps the probe quiet without changing anything else. It is one fixed
 * directory per user, so repeated runs do not pile up temporary folders.
 */
function quietVulkanLoader(): void {
  try {
    if (Deno.env.get("XDG_RUNTIME_DIR") === undefined) {
      const base = Deno.env.get("TMPDIR") ?? "/tmp";
      const dir = `${base}/cnn-xdg-${Deno.uid() ?? "user"}`;
      Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
      Deno.env.set("XDG_RUNTIME_DIR", dir);
    }
  } catch {
    // Without env/write permission the message just stays.
  }
}

/** The probe's answer when there is no adapter, and why. */
function notFound(reason: string): AdapterProbe {
  return { found: false, software: false, description: "", reason };
}

/** Asks `navigator.gpu` for an adapter and classifies it. */
export async function probeAdapter(): Promise<AdapterProbe> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: GPU }).gpu;
  if (gpu === undefined) {
    return notFound("navigator.gpu is not available");
  }
  quietVulkanLoader();
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch (e) {
    return notFound(`requestAdapter() failed: ${e}`);
  }
  if (adapter === null) {
    return notFound("navigator.gpu.requestAdapter() returned no adapter");
  }
  const info = ((adapter as GPUAdapter & { info?: AdapterInfoLike }).info ??
    {}) as AdapterInfoLike;
  const description = info.description ||
    [info.vendor, info.architecture, info.device]
      .filter((s) => s).join(" ") ||
    "unknown adapter";
  const fallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean })
        .isFallbackAdapter === true ||
    info.isFallbackAdapter === true;
  return {
    found: true,
    software: fallback || SOFTWARE.test(description),
    description,
  };
}
