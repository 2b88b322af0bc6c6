/**
 * Rich output for the Deno Jupyter kernel with a terminal fallback.
 *
 * @module
 */

/** A Jupyter MIME bundle, e.g. `{ "text/plain": "...", "text/html": "..." }`. */
export type MimeBundle = Record<string, unknown>;

/** Options for {@link display}. */
export interface DisplayOptions {
  /** Identifier of an output to create or update in place. */
  displayId?: string;
  /** Replace the output with `displayId` instead of creating a new one. */
  update?: boolean;
}

/**
 * A display function: {@link display} or a replacement (tests, custom front
 * ends, writers that update one output in place).
 */
export type DisplayFn = (
  bundle: MimeBundle,
  options: DisplayOptions,
) => void | Promise<void>;

interface JupyterNamespace {
  display(
    bundle: MimeBundle,
    options?: { raw?: boolean; display_id?: string; update?: boolean },
  ): Promise<void> | void;
}

function jupyterNamespace(): JupyterNamespace | undefined {
  // Outside `deno jupyter`, reading Deno.jupyter throws instead of
  // returning undefined (Deno 2.9).
  try {
    const ns = (Deno as unknown as { jupyter?: JupyterNamespace }).jupyter;
    return ns && typeof ns.display === "function" ? ns : undefined;
  } catch {
    return undefined;
  }
}

let outputs = 0;

/**
 * A fresh id for an output to update in place (`display_id`) or for a
 * figure's element: `<prefix>-<n>-<8 hex>`, numbered in this kernel, the
 * random part keeping ids unique across kernel restarts in one saved
 * notebook.
 */
export function newOutputId(prefix: string): string {
  outputs += 1;
  return `${prefix}-${outputs}-${crypto.randomUUID().slice(0, 8)}`;
}

/** True when running inside the Deno Jupyter kernel. */
export function inJupyter(): boolean {
  return jupyterNamespace() !== undefined;
}

/**
 * Shows a MIME bundle: in Jupyter as rich output (optionally updating the
 * output `displayId`), elsewhere by printing its `text/plain` part.
 *
 * @example
 * ```ts
 * await display({ "text/plain": "hola", "text/html": "<b>hola</b>" });
 * ```
 */
export async function display(
  bundle: MimeBundle,
  options: DisplayOptions = {},
): Promise<void> {
  const ns = jupyterNamespace();
  if (ns) {
    await ns.display(bundle, {
      raw: true,
      display_id: options.displayId,
      update: options.update,
    });
    return;
  }
  const text = bundle["text/plain"];
  if (typeof text === "string") console.log(text);
}
