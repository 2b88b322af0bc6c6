/**
 * The import graph of `lib/`, read from the source: every static
 * `import … from`, `export … from`, side-effect `import "…"` and literal
 * dynamic `import("…")`, with relative and `cnn/` specifiers resolved to
 * files. Comments and the text of strings are skipped, so the `@example`
 * blocks of JSDoc count for nothing.
 *
 * @module
 */
import { dirname, join, relative, resolve } from "node:path";

/** The repository root. */
export const ROOT = resolve(
  dirname(new URL(import.meta.url).pathname),
  "../..",
);
/** The library folder. */
export const LIB = join(ROOT, "lib");

/** One import of a file: the specifier as written and the file it names. */
export interface Edge {
  /** Importing file, relative to `lib/` (e.g. `keras/model.ts`). */
  from: string;
  /** Imported file, relative to `lib/`. */
  to: string;
  /** The specifier as written. */
  specifier: string;
}

/** Every `.ts` file under `dir`, relative to `lib/`, sorted. */
export function libFiles(dir = LIB): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) out.push(...libFiles(path));
    else if (entry.name.endsWith(".ts")) out.push(relative(LIB, path));
  }
  return out.sort();
}

/**
 * The source with comments removed and the contents of string literals
 * blanked (quotes kept), so only code remains; `strings` maps the position
 * of each blanked literal's opening quote in `code` to its contents.
 */
export function codeOnly(
  source: string,
): { code: string; strings: Map<number, string> } {
  let code = "";
  const strings = new Map<number, string>();
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      i = end < 0 ? source.length : end + 2;
      code += " ";
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < source.length && source[j] !== c) {
        if (source[j] === "\\") j++;
        if (c !== "`" && source[j] === "\n") break;
        j++;
      }
      strings.set(code.length, source.slice(i + 1, j));
      code += c + c;
      i = j + 1;
    } else {
      code += c;
      i++;
    }
  }
  return { code, strings };
}

// `from "x"` (import/export), `import "x"` and `import("x")`, on code whose
// strings are blanked: the specifier is looked up by its quote's position.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)(["'])\1/g;

/** The specifiers a source imports or re-exports. */
export function specifiers(source: string): string[] {
  const { code, strings } = codeOnly(source);
  const out: string[] = [];
  for (const m of code.matchAll(SPECIFIER)) {
    const quote = m.index! + m[0].length - 2;
    const text = strings.get(quote);
    if (text !== undefined) out.push(text);
  }
  return out;
}

/** The file a specifier of `from` names inside `lib/`, or `undefined` (npm, node:, outside lib). */
export function resolveSpecifier(
  from: string,
  specifier: string,
): string | undefined {
  let path: string;
  if (specifier.startsWith("./") || specifier.startsWith("../")) {
    path = resolve(LIB, dirname(from), specifier);
  } else if (specifier.startsWith("cnn/")) {
    path = join(LIB, specifier.slice(4));
  } else {
    return undefined;
  }
  const rel = relative(LIB, path);
  return rel.startsWith("..") ? undefined : rel;
}

/** Every import between files of `lib/`. */
export function libEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const from of libFiles()) {
    const source = Deno.readTextFileSync(join(LIB, from));
    for (const specifier of specifiers(source)) {
      const to = resolveSpecifier(from, specifier);
      if (to !== undefined) edges.push({ from, to, specifier });
    }
  }
  return edges;
}

/**
 * The part of `lib/` a file belongs to: its first folder (`keras`), or the
 * file itself for the files at the top (`mod.ts`, `api.ts`, `display.ts`).
 */
export function unitOf(file: string): string {
  const slash = file.indexOf("/");
  return slash < 0 ? file : file.slice(0, slash);
}

/**
 * The cycles of a directed graph: its strongly connected components with
 * more than one node (Tarjan), each sorted.
 */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** A graph from edges, through `key` (identity for files, {@link unitOf} for folders), without self-loops. */
export function graphOf(
  edges: Edge[],
  key: (file: string) => string = (f) => f,
): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    const [a, b] = [key(e.from), key(e.to)];
    if (!graph.has(a)) graph.set(a, new Set());
    if (!graph.has(b)) graph.set(b, new Set());
    if (a !== b) graph.get(a)!.add(b);
  }
  return graph;
}
