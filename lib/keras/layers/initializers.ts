/**
 * Weight initialisers by Keras name, seeded from the global seed
 * (`setRandomSeed`) so runs are repeatable.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { nextSeed } from "../../core/seed.ts";
import { KerasError } from "../errors.ts";

/** A tfjs initializer object (e.g. `tf.initializers.heNormal({})`). */
export type Initializer = ReturnType<typeof tf.initializers.zeros>;

/** An initialiser: a Keras name or a tfjs initializer object. */
export type InitializerSpec = string | Initializer;

type Factory = (seed: number | undefined) => Initializer;

const INITIALIZERS: Record<string, Factory> = {
  glorot_uniform: (seed) => tf.initializers.glorotUniform({ seed }),
  glorot_normal: (seed) => tf.initializers.glorotNormal({ seed }),
  he_uniform: (seed) => tf.initializers.heUniform({ seed }),
  he_normal: (seed) => tf.initializers.heNormal({ seed }),
  lecun_uniform: (seed) => tf.initializers.leCunUniform({ seed }),
  lecun_normal: (seed) => tf.initializers.leCunNormal({ seed }),
  random_normal: (seed) =>
    tf.initializers.randomNormal({ mean: 0, stddev: 0.05, seed }),
  random_uniform: (seed) =>
    tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed }),
  zeros: () => tf.initializers.zeros(),
  ones: () => tf.initializers.ones(),
};

/**
 * Resolves an initialiser for `layerName`'s weight `what`. Random ones take
 * the next seed of the global sequence when a seed is set.
 */
export function resolveInitializer(
  spec: InitializerSpec | undefined,
  fallback: string,
  layerName: string,
  what: string,
): Initializer {
  if (spec !== undefined && typeof spec !== "string") return spec;
  const name = spec ?? fallback;
  const factory = Object.hasOwn(INITIALIZERS, name)
    ? INITIALIZERS[name]
    : undefined;
  if (!factory) {
    throw new KerasError(
      `Unknown ${what} "${name}" for layer "${layerName}". Use one of: ${
        Object.keys(INITIALIZERS).join(", ")
      }, or a tf.initializers object.`,
    );
  }
  return factory(nextSeed());
}

/** The Keras name of an initialiser spec for configs (objects become their class name). */
export function initializerName(
  spec: InitializerSpec | undefined,
  fallback: string,
): string {
  if (spec === undefined) return fallback;
  return typeof spec === "string" ? spec : spec.getClassName();
}

/**
 * A layer's initialiser arguments with each one's Keras default, e.g.
 * `{ kernelInitializer: "glorot_uniform", biasInitializer: "zeros" }`. The
 * order is the order they are drawn in, so it fixes which seed of the
 * global sequence each weight gets.
 */
export type InitializerDefaults<K extends string> = Readonly<Record<K, string>>;

/** Applies `f` to each entry of an initialiser table, keeping its order. */
function eachInitializer<K extends string, T>(
  defaults: InitializerDefaults<K>,
  f: (what: K, fallback: string) => T,
): Record<K, T> {
  const out = {} as Record<K, T>;
  for (const what of Object.keys(defaults) as K[]) {
    out[what] = f(what, defaults[what]);
  }
  return out;
}

/** Resolves each initialiser argument of `defaults` from `args`, in the table's order. */
export function resolveInitializers<K extends string>(
  args: Partial<Record<K, InitializerSpec>>,
  defaults: InitializerDefaults<K>,
  layerName: string,
): Record<K, Initializer> {
  return eachInitializer(
    defaults,
    (what, fallback) =>
      resolveInitializer(args[what], fallback, layerName, what),
  );
}

/** The Keras names of the initialiser arguments of `defaults`, for configs. */
export function initializerNames<K extends string>(
  args: Partial<Record<K, InitializerSpec>>,
  defaults: InitializerDefaults<K>,
): Record<K, string> {
  return eachInitializer(
    defaults,
    (what, fallback) => initializerName(args[what], fallback),
  );
}
