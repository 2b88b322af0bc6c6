/**
 * Read-only views of what a student built (layer types, kernel sizes,
 * activations, shapes), so every exercise check reads models the same way.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { Shape } from "../../core/types.ts";
import { Layer } from "../../keras/mod.ts";

/** Every layer under `root` (sublayers of sublayers too), depth first, `root` excluded. */
export function allLayers(root: Layer): Layer[] {
  const out: Layer[] = [];
  const seen = new Set<Layer>([root]);
  const visit = (layer: Layer) => {
    for (const sub of layer.layers) {
      if (seen.has(sub)) continue;
      seen.add(sub);
      out.push(sub);
      visit(sub);
    }
  };
  visit(root);
  return out;
}

/** The layer's Keras configuration (`kernelSize`, `activation`, `useBias`, …). */
export function configOf(layer: Layer): Record<string, unknown> {
  return layer.getConfig();
}

/** Layers of a Keras class (`"Conv2D"`, `"BatchNormalization"`, …). */
export function layersOfClass(layers: Layer[], className: string): Layer[] {
  return layers.filter((l) => l.className === className);
}

/** The `[height, width]` kernel of a convolution, or `undefined`. */
export function kernelSizeOf(layer: Layer): [number, number] | undefined {
  const k = configOf(layer).kernelSize;
  return Array.isArray(k) && k.length === 2 ? [k[0], k[1]] : undefined;
}

/** True when `layer` is a Conv2D with a `h×w` kernel. */
export function isConv(layer: Layer, h?: number, w = h): boolean {
  if (layer.className !== "Conv2D") return false;
  if (h === undefined) return true;
  const k = kernelSizeOf(layer);
  return k !== undefined && k[0] === h && k[1] === w;
}

/** The activation name a layer applies (`"linear"` when none). */
export function activationOf(layer: Layer): string {
  const a = configOf(layer).activation;
  return typeof a === "string" ? a : "linear";
}

/** Whether a convolution or dense layer adds a bias. */
export function usesBias(layer: Layer): boolean {
  return configOf(layer).useBias !== false;
}

/** The shape of the layer's main weight (`kernel`, `depthwise_kernel`), or `undefined`. */
export function kernelShapeOf(layer: Layer): number[] | undefined {
  const entry = layer.weightEntries.find((w) =>
    w.name === "kernel" || w.name === "depthwise_kernel"
  );
  return entry?.variable.shape;
}

/** Input channels a built convolution reads (the kernel's third axis). */
export function inputChannelsOf(layer: Layer): number | undefined {
  const shape = kernelShapeOf(layer);
  return shape && shape.length === 4 ? shape[2] : undefined;
}

/** The layers that feed `layer` in a Functional graph (its last call). */
export function inboundLayers(layer: Layer): Layer[] {
  const node = layer.inboundNodes[layer.inboundNodes.length - 1];
  if (!node) return [];
  return node.inputs.map((t) => t.history.layer).filter((l): l is Layer =>
    l instanceof Layer
  );
}

/** Output shape of a built layer, as `summary()` shows it; `undefined` if unknown. */
export function outputShapeOf(layer: Layer): Shape | undefined {
  try {
    const s = layer.summaryOutputShape;
    if (s === undefined || (s.length > 0 && Array.isArray(s[0]))) {
      return undefined;
    }
    return s as Shape;
  } catch {
    return undefined;
  }
}

/** Parameter count, or `undefined` when the layer cannot count yet (unbuilt). */
export function safeCountParams(layer: Layer): number | undefined {
  try {
    return layer.countParams();
  } catch {
    return undefined;
  }
}

/** Largest absolute difference between two tensors of the same shape. */
export async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  if (a.shape.join(",") !== b.shape.join(",")) return Infinity;
  const [x, y] = await Promise.all([a.data(), b.data()]);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}
