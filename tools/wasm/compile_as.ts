/**
 * Compiles one AssemblyScript entry file in memory with the npm compiler
 * (`assemblyscript/asc`) and returns the binary: the SIMD kernels' build
 * (build_wasm.ts) and the benchmark's peak module (perf/peak.ts) both use it.
 *
 * @module
 */
import asc from "assemblyscript/asc";

/** Compiles `source` with `flags`; `what` names the build in errors. */
export async function compileAssemblyScript(
  source: string,
  flags: string[],
  what: string,
): Promise<Uint8Array<ArrayBuffer>> {
  let binary: Uint8Array | undefined;
  const { error, stderr } = await asc.main(
    [source, ...flags, "--outFile", "out.wasm"],
    {
      writeFile(name: string, contents: Uint8Array | string) {
        if (name.endsWith(".wasm") && typeof contents !== "string") {
          binary = contents;
        }
      },
    },
  );
  if (error || binary === undefined) {
    throw new Error(
      `AssemblyScript could not compile ${source} (${what}): ${
        error?.message ?? "no binary written"
      }\n${stderr.toString()}`,
    );
  }
  // A copy on a plain ArrayBuffer, as WebAssembly's API types want.
  return new Uint8Array(binary);
}
