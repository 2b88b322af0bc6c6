/**
 * Where the library's rich output goes: a model summary or a figure is a
 * MIME bundle that `keras/` and `plots/` build; this file decides how it
 * is shown — as rich output in Jupyter, as its `text/plain` elsewhere — and
 * what the Deno kernel shows when a bundle is a cell's last expression.
 *
 * @module
 */
import {
  display,
  type DisplayFn,
  inJupyter,
  type MimeBundle,
} from "./display.ts";

/** Where {@link showBundle} sends a bundle (tests replace both). */
export interface RichOutput {
  /** Whether rich (Jupyter) output is available. */
  inJupyter: () => boolean;
  /** Shows a MIME bundle. */
  display: (bundle: MimeBundle) => Promise<void> | void;
}

/** The kernel's output: {@link inJupyter} and {@link display}. */
export const kernelOutput: RichOutput = {
  inJupyter,
  display: (bundle) => display(bundle),
};

/** Options of {@link showBundle}. */
export interface ShowBundleOptions {
  /** Whether to show it at all; default: only in Jupyter. */
  show?: boolean;
  /** Default {@link kernelOutput}. */
  output?: RichOutput;
}

/**
 * Shows `bundle` where the code runs: in Jupyter as rich output, elsewhere
 * by printing its `text/plain` to stdout.
 */
export async function showBundle(
  bundle: MimeBundle,
  options: ShowBundleOptions = {},
): Promise<void> {
  const output = options.output ?? kernelOutput;
  if (!(options.show ?? output.inJupyter())) return;
  if (output.inJupyter()) {
    await output.display(bundle);
  } else {
    console.log(bundle["text/plain"]);
  }
}

/** The kernel's display function inside Jupyter; none elsewhere (nothing to update in place). */
export function kernelDisplay(): DisplayFn | undefined {
  return inJupyter() ? display : undefined;
}

/**
 * The method the Deno kernel calls for what to show when an object is a
 * cell's last expression (it returns a MIME bundle).
 */
export const CELL_DISPLAY: unique symbol = Symbol.for("Jupyter.display");

/**
 * Makes the Deno kernel show only `text` when `bundle` is a cell's last
 * expression (the bundle itself is shown already). The method is not
 * enumerable, so the bundle stays plain JSON.
 */
export function showsAsText<T extends object>(bundle: T, text: string): T {
  Object.defineProperty(bundle, CELL_DISPLAY, {
    value: () => ({ "text/plain": text }),
    enumerable: false,
  });
  return bundle;
}
