/**
 * What the divergence study (`divergence_study.ts`) concludes from the
 * losses: which runs diverged, the two rates with their 95 % Wilson
 * intervals, Fisher's exact test, and the report's text.
 *
 * @module
 */
import { fisherExact, type Interval, wilson } from "./divergence_stats.ts";

/** One seed's losses, batch by batch, in both frameworks. */
export interface SeedLosses {
  /** The seed given to `setRandomSeed` (and to the batch order). */
  seed: number;
  /** Our losses (NaN/Inf kept; training stopped there). */
  ours: number[];
  /** PyTorch's losses, same convention. */
  torch: number[];
}

/** How one run went. */
export interface RunVerdict {
  /** A NaN/Inf loss at some batch. */
  nonFinite: boolean;
  /** The largest finite loss seen. */
  maxLoss: number;
  /** The last batch's loss. */
  lastLoss: number;
  /** Non-finite, or above the threshold at some batch. */
  diverged: boolean;
}

/** Judges one run: diverged when a loss is NaN/Inf or above `threshold`. */
export function verdict(losses: number[], threshold: number): RunVerdict {
  const finite = losses.filter(Number.isFinite);
  const nonFinite = finite.length < losses.length;
  const maxLoss = finite.length ? Math.max(...finite) : NaN;
  return {
    nonFinite,
    maxLoss,
    lastLoss: losses[losses.length - 1] ?? NaN,
    diverged: nonFinite || maxLoss > threshold,
  };
}

/** One framework's rate. */
export interface Rate {
  /** Runs that diverged. */
  diverged: number;
  /** Runs. */
  runs: number;
  /** Of which with a NaN/Inf loss. */
  nonFinite: number;
  /** 95 % Wilson interval of `diverged / runs`. */
  ci: Interval;
}

/** The study's conclusion. */
export interface StudySummary {
  /** Our rate. */
  ours: Rate;
  /** PyTorch's rate. */
  torch: Rate;
  /** Two-sided Fisher exact p-value of ours vs PyTorch. */
  fisherP: number;
  /** Largest |ours − PyTorch| of the first batch's loss over the seeds. */
  maxFirstDelta: number;
}

function rate(verdicts: RunVerdict[]): Rate {
  const diverged = verdicts.filter((v) => v.diverged).length;
  return {
    diverged,
    runs: verdicts.length,
    nonFinite: verdicts.filter((v) => v.nonFinite).length,
    ci: wilson(diverged, verdicts.length),
  };
}

/** The first batch's |ours − PyTorch| (same weights, same batch). */
export function firstDelta(s: SeedLosses): number {
  return Math.abs(s.ours[0] - s.torch[0]);
}

/** Rates, intervals and Fisher's test over all seeds. */
export function summarize(
  seeds: SeedLosses[],
  threshold: number,
): StudySummary {
  const ours = rate(seeds.map((s) => verdict(s.ours, threshold)));
  const torch = rate(seeds.map((s) => verdict(s.torch, threshold)));
  return {
    ours,
    torch,
    fisherP: fisherExact(
      ours.diverged,
      ours.runs - ours.diverged,
      torch.diverged,
      torch.runs - torch.diverged,
    ),
    maxFirstDelta: Math.max(...seeds.map(firstDelta)),
  };
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

function loss(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  // A diverging run reaches 1e18 and more: print those in scientific notation.
  return Math.abs(x) < 1e4 ? x.toFixed(4) : x.toExponential(3);
}

/** The table row of one seed, as the study prints it when the seed ends. */
export function seedLine(s: SeedLosses, threshold: number): string {
  const o = verdict(s.ours, threshold);
  const t = verdict(s.torch, threshold);
  const side = (v: RunVerdict, n: number) =>
    `max ${loss(v.maxLoss)} last ${loss(v.lastLoss)} (${n} batches)` +
    (v.diverged ? " DIVERGED" : "");
  // How far apart the trajectories are at the last batch where both losses
  // are finite (batch 1 at worst: the study stops when that one differs).
  let common = Math.min(s.ours.length, s.torch.length) - 1;
  while (
    common > 0 &&
    !(Number.isFinite(s.ours[common]) && Number.isFinite(s.torch[common]))
  ) common--;
  return `seed ${s.seed}: first loss ours ${s.ours[0].toFixed(6)} PyTorch ${
    s.torch[0].toFixed(6)
  } |Δ| ${firstDelta(s).toExponential(1)}, at batch ${common + 1} ${
    loss(s.ours[common])
  } vs ${loss(s.torch[common])} · ours ${side(o, s.ours.length)} · PyTorch ${
    side(t, s.torch.length)
  }`;
}

/** The closing lines: both rates with intervals, the test, the check. */
export function summaryLines(
  sum: StudySummary,
  threshold: number,
  tolerance: number,
): string[] {
  const line = (name: string, r: Rate) =>
    `${name}${r.diverged}/${r.runs} diverged = ${pct(r.diverged / r.runs)} ` +
    `(95 % Wilson CI ${pct(r.ci.lo)} – ${pct(r.ci.hi)}); ` +
    `${r.nonFinite} with a NaN/Inf loss`;
  return [
    `Diverged = a batch loss that is NaN/Inf or above ${threshold} at any ` +
    `step (chance level is ln 10 = 2.303).`,
    line("ours:    ", sum.ours),
    line("PyTorch: ", sum.torch),
    `Fisher's exact test (two-sided), ours vs PyTorch: p = ${
      sum.fisherP.toPrecision(3)
    }`,
    `First-batch loss agreement (same weights, same batch): max |Δ| = ${
      sum.maxFirstDelta.toExponential(2)
    } (limit ${tolerance}).`,
  ];
}
