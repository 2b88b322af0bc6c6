/**
 * Tamper detection inside the grading kernel: before any student code runs,
 * records every property descriptor of JavaScript's built-in objects, of
 * Deno's namespace, of the course library's exports and of TensorFlow.js's
 * classes and kernel registry; later, lists what changed.
 *
 * Why detect instead of freeze: freezing the built-ins breaks library code
 * that assigns properties an ancestor prototype already has ("override
 * mistake"), while a descriptor comparison costs nothing until it is asked.
 * The grader refuses to trust a check that ran in a patched realm.
 *
 * Every built-in this module needs is captured when it is first evaluated,
 * so a later `Reflect.ownKeys = …` cannot blind the comparison.
 *
 * @module
 */

const ownKeys = Reflect.ownKeys;
const getDescriptor = Reflect.getOwnPropertyDescriptor;
const getPrototypeOf = Reflect.getPrototypeOf;
const objectPrototype = Object.prototype;
const functionPrototype = Function.prototype;
const same = Object.is;

/** How strictly a watched object is compared. */
type Mode = "all" | "functions" | "existing";

interface Entry {
  label: string;
  target: object;
  key: string | symbol;
  value: unknown;
  get: unknown;
  set: unknown;
  writable: boolean | undefined;
}

interface Watched {
  label: string;
  target: object;
  mode: Mode;
  keys: (string | symbol)[];
}

/** What {@link takeSnapshot} recorded; compare with {@link changesSince}. */
export interface Snapshot {
  readonly entries: Entry[];
  readonly watched: Watched[];
}

function isWatchable(value: unknown): value is object {
  return (typeof value === "object" && value !== null) ||
    typeof value === "function";
}

function keyName(key: string | symbol): string {
  return typeof key === "symbol" ? `[${key.description ?? "symbol"}]` : key;
}

/** Collects objects to watch without visiting one twice. */
class Collector {
  readonly entries: Entry[] = [];
  readonly watched: Watched[] = [];
  readonly #seen = new WeakSet<object>();

  watch(label: string, target: unknown, mode: Mode): void {
    if (!isWatchable(target) || this.#seen.has(target)) return;
    this.#seen.add(target);
    const keys = ownKeys(target);
    this.watched.push({ label, target, mode, keys });
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const d = getDescriptor(target, key);
      if (!d) continue;
      if (mode !== "all" && !("get" in d) && typeof d.value !== "function") {
        continue;
      }
      this.entries.push({
        label,
        target,
        key,
        value: d.value,
        get: d.get,
        set: d.set,
        writable: d.writable,
      });
    }
  }

  /** A class or function: itself, its prototype and the prototype chain. */
  watchClass(label: string, fn: unknown, mode: Mode): void {
    if (typeof fn !== "function") return;
    this.watch(label, fn, mode);
    let proto: unknown = (fn as { prototype?: unknown }).prototype;
    let depth = 0;
    while (
      isWatchable(proto) && proto !== objectPrototype &&
      proto !== functionPrototype && depth < 8
    ) {
      this.watch(`${label}.prototype${depth ? `^${depth}` : ""}`, proto, mode);
      proto = getPrototypeOf(proto);
      depth++;
    }
  }
}

/** Roots that {@link takeSnapshot} watches. */
export interface SnapshotRoots {
  /** Module namespaces or objects whose exports are watched (the course lib, tf). */
  modules: Record<string, Record<string, unknown>>;
  /** Further objects, e.g. TensorFlow.js's engine and backend instances. */
  objects?: Record<string, unknown>;
}

/** Records the current state of the built-ins and of `roots`. */
export function takeSnapshot(roots: SnapshotRoots): Snapshot {
  const c = new Collector();
  // The chain walks below stop at these two, so they are watched first.
  c.watch("Object.prototype", objectPrototype, "all");
  c.watch("Function.prototype", functionPrototype, "all");
  const global = globalThis as unknown as Record<string, unknown>;
  const globalKeys = ownKeys(globalThis);
  // Built-in constructors and namespaces: any change, even an added
  // property (an added `Object.prototype.toJSON` changes every check).
  for (let i = 0; i < globalKeys.length; i++) {
    const key = globalKeys[i];
    if (typeof key !== "string") continue;
    const d = getDescriptor(globalThis, key);
    const value = d?.value;
    if (typeof value === "function") c.watchClass(key, value, "all");
    else if (isWatchable(value) && value !== globalThis) {
      c.watch(key, value, "all");
    }
  }
  const deno = global.Deno as Record<string, unknown> | undefined;
  try {
    // Outside `deno jupyter` this getter throws; there is nothing to watch.
    if (deno) c.watch("Deno.jupyter", deno.jupyter, "all");
  } catch { /* not in a kernel */ }
  const hidden: [string, unknown][] = [
    ["%AsyncFunction%", getPrototypeOf(async function () {})],
    ["%GeneratorFunction%", getPrototypeOf(function* () {})],
    ["%ArrayIterator%", getPrototypeOf([][Symbol.iterator]())],
    [
      "%IteratorPrototype%",
      getPrototypeOf(getPrototypeOf([][Symbol.iterator]()) as object),
    ],
    ["%TypedArray%", getPrototypeOf(Float32Array)],
    ["%TypedArray%.prototype", getPrototypeOf(Float32Array.prototype)],
  ];
  for (const [label, value] of hidden) c.watch(label, value, "all");
  // The student's own top-level functions become globals: only the names
  // that existed before may not change.
  c.watch("globalThis", globalThis, "existing");

  for (const [name, ns] of Object.entries(roots.modules)) {
    for (const [key, value] of Object.entries(ns)) {
      if (typeof value === "function") {
        c.watchClass(`${name}.${key}`, value, "functions");
      } else if (isWatchable(value)) {
        c.watch(`${name}.${key}`, value, "functions");
        for (const [sub, inner] of Object.entries(value)) {
          if (typeof inner === "function") {
            c.watchClass(`${name}.${key}.${sub}`, inner, "functions");
          } else if (isWatchable(inner) && !ArrayBuffer.isView(inner)) {
            c.watch(`${name}.${key}.${sub}`, inner, "functions");
          }
        }
      }
    }
  }
  for (const [name, value] of Object.entries(roots.objects ?? {})) {
    c.watch(name, value, "functions");
    if (isWatchable(value)) {
      c.watch(`${name}.prototype`, getPrototypeOf(value), "functions");
    }
  }
  return { entries: c.entries, watched: c.watched };
}

/**
 * What changed since `snapshot` was taken, as readable lines such as
 * `Array.prototype.every: reemplazado`, joined by newlines; empty when
 * nothing did. The report is built as a string, never by storing into an
 * array: an accessor planted on `Array.prototype[0]` would swallow writes.
 */
export function changesSince(snapshot: Snapshot, limit = 10): string {
  let report = "";
  let found = 0;
  const add = (line: string) => {
    report += (found === 0 ? "" : "\n") + line;
    found++;
  };
  const { entries, watched } = snapshot;
  for (let i = 0; i < entries.length && found < limit; i++) {
    const e = entries[i];
    const d = getDescriptor(e.target, e.key);
    const where = `${e.label}.${keyName(e.key)}`;
    if (!d) add(`${where}: borrado`);
    else if (
      !same(d.value, e.value) || d.get !== e.get || d.set !== e.set ||
      d.writable !== e.writable
    ) add(`${where}: reemplazado`);
  }
  for (let i = 0; i < watched.length && found < limit; i++) {
    const w = watched[i];
    if (w.mode === "existing") continue;
    const now = ownKeys(w.target);
    if (now.length === w.keys.length) continue;
    for (let j = 0; j < now.length && found < limit; j++) {
      const key = now[j];
      let known = false;
      for (let k = 0; k < w.keys.length; k++) {
        if (w.keys[k] === key) {
          known = true;
          break;
        }
      }
      if (known) continue;
      const d = getDescriptor(w.target, key);
      if (
        w.mode === "all" ||
        (d && ("get" in d || typeof d.value === "function"))
      ) add(`${w.label}.${keyName(key)}: añadido`);
    }
  }
  return report;
}
