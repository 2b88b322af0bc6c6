/**
 * The speed goals of issue 19, checked on one `deno task bench` run's
 * figures: every model at most 1.0× PyTorch, mini-Inception and
 * MiniResNet(32) at most 0.75×, LeNet-5+BN within 1.3× of LeNet-5.
 *
 * @module
 */
import type { ModelName } from "./bench_step.ts";

/** One model's figure on one backend. */
export interface Measured {
  /** The model. */
  model: ModelName;
  /** The backend it ran on. */
  backend: string;
  /** Our ms/step. */
  ms: number;
  /** PyTorch's ms/step, when it ran. */
  torchMs?: number;
}

const TIGHT: readonly ModelName[] = ["miniInception", "miniResNet"];

/** One line per goal and backend: the figure, the bound and met / NOT met. */
export function goalLines(measured: readonly Measured[]): string[] {
  const lines: string[] = [];
  const verdict = (value: number, bound: number) =>
    `${value.toFixed(2)}× (goal ≤ ${bound}×): ${
      value <= bound ? "met" : "NOT met"
    }`;
  for (const m of measured) {
    if (m.torchMs === undefined) continue;
    const bound = TIGHT.includes(m.model) ? 0.75 : 1.0;
    lines.push(
      `${m.model} on ${m.backend} vs PyTorch: ${
        verdict(m.ms / m.torchMs, bound)
      }`,
    );
  }
  for (const backend of new Set(measured.map((m) => m.backend))) {
    const find = (name: ModelName) =>
      measured.find((m) => m.backend === backend && m.model === name);
    const plain = find("lenet5");
    const bn = find("lenet5BN");
    if (plain && bn) {
      lines.push(
        `lenet5BN / lenet5 on ${backend}: ${verdict(bn.ms / plain.ms, 1.3)}`,
      );
    }
  }
  return lines;
}
