/**
 * `compile()`'s argument resolution: Keras names or objects in, a ready
 * {@link CompiledState} out.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { canonicalLossName, getLoss, LOSS_NAMES } from "./losses.ts";
import { checkMetricName } from "./metrics.ts";
import { getOptimizer } from "./optimizers.ts";
import type { CompiledState, LossFn } from "../core/types.ts";

/** What `model.compile({...})` accepts, as in Keras. */
export interface CompileArgs {
  /** A tfjs optimizer (`optimizers.SGD(...)`) or a Keras name (`"sgd"`, `"adam"`, `"rmsprop"`); default `"rmsprop"` as in Keras. */
  optimizer?: tf.Optimizer | string;
  /** A Keras loss name (`"sparse_categorical_crossentropy"`, …) or a function `(yTrue, yPred) => scalar`. */
  loss?: string | LossFn;
  /** Metric names, e.g. `["accuracy"]`. */
  metrics?: string[];
}

function isOptimizer(value: unknown): value is tf.Optimizer {
  // Duck-typed: the tfjs and tfjs-core entry points may hold distinct class objects.
  const v = value as { minimize?: unknown; applyGradients?: unknown } | null;
  return typeof v === "object" && v !== null &&
    typeof v.minimize === "function" &&
    typeof v.applyGradients === "function";
}

/**
 * Resolves `compile()` arguments; throws a clear error for unknown names.
 *
 * @example
 * ```ts
 * const state = resolveCompile({
 *   optimizer: optimizers.SGD({ learningRate: 0.1 }),
 *   loss: "sparse_categorical_crossentropy",
 *   metrics: ["accuracy"],
 * });
 * ```
 */
export function resolveCompile(args: CompileArgs = {}): CompiledState {
  const { optimizer = "rmsprop", loss, metrics = [] } = args;

  let opt: tf.Optimizer;
  if (typeof optimizer === "string") opt = getOptimizer(optimizer);
  else if (isOptimizer(optimizer)) opt = optimizer;
  else {
    throw new TypeError(
      `compile(): optimizer must be an optimizer such as optimizers.SGD({ learningRate: 0.1 }) ` +
        `or a name ("sgd", "adam", "rmsprop"); got ${typeof optimizer}.`,
    );
  }

  let lossFn: LossFn;
  let lossName: string;
  if (loss === undefined) {
    throw new Error(
      `compile(): missing loss. Pass e.g. loss: "sparse_categorical_crossentropy" ` +
        `(known: ${
          LOSS_NAMES.map((n) => `"${n}"`).join(", ")
        }) or a function (yTrue, yPred) => scalar.`,
    );
  } else if (typeof loss === "string") {
    lossFn = getLoss(loss);
    lossName = canonicalLossName(loss);
  } else if (typeof loss === "function") {
    lossFn = loss;
    lossName = loss.name || "custom_loss";
  } else {
    throw new TypeError(
      `compile(): loss must be a loss name or a function, got ${typeof loss}.`,
    );
  }

  if (!Array.isArray(metrics)) {
    throw new TypeError(
      `compile(): metrics must be an array of names such as ["accuracy"], got ${typeof metrics}.`,
    );
  }
  for (const m of metrics) {
    if (typeof m !== "string") {
      throw new TypeError(
        `compile(): each metric must be a name such as "accuracy", got ${typeof m}.`,
      );
    }
    checkMetricName(m);
  }
  const unique = [...new Set(metrics)];
  return { optimizer: opt, loss: lossFn, lossName, metrics: unique };
}
