/**
 * The notebook-level metadata every course notebook carries: the Deno
 * kernelspec that JupyterLab and VS Code use to pick the kernel, the
 * `language_info` the Deno kernel reports (and `deno fmt` needs to format
 * cells), and the nbformat version. The build writes it, `strip` restores it,
 * `hygiene` checks it and the kernelspec installer names the kernel the same
 * way: one source, so they cannot disagree.
 *
 * @module
 */

/** The kernelspec metadata of the course's notebooks (and its `kernel.json` names). */
export const DENO_KERNELSPEC = {
  name: "deno",
  display_name: "Deno",
  language: "typescript",
} as const;

/** The `language_info` the Deno kernel reports, without its TypeScript version. */
export const DENO_LANGUAGE_INFO = {
  name: "typescript",
  file_extension: ".ts",
  mimetype: "text/x.typescript",
  codemirror_mode: "typescript",
  nbconvert_exporter: "script",
  pygments_lexer: "typescript",
} as const;

/** Notebook metadata for the Deno kernel, as JupyterLab and VS Code expect it. */
export const NOTEBOOK_METADATA = {
  kernelspec: DENO_KERNELSPEC,
  language_info: DENO_LANGUAGE_INFO,
} as const;

/** The nbformat version the build writes (4.5: cells have ids). */
export const NBFORMAT = { nbformat: 4, nbformat_minor: 5 } as const;
