/**
 * Drift watch (SCORING.md §9): a team or an engineer starts slipping. Weekly means of S go in (weeks starting Monday
 * 00:00 in the organisation's time zone, oldest first); drift insights come out, each with its evidence.
 *
 * For each counted week k (≥ 5 ratings; other weeks are skipped, not zero): the baseline is the 12 counted weeks that
 * end before a guard band of 4 counted weeks before k (a recent drop never enters its own baseline; ≥ 8 baseline
 * weeks are needed, else week k is not watched). μ, σ: the baseline's mean and sample standard deviation of xⱼ.
 * An EWMA starts at μ before the first guard week and runs over the guard weeks and week k (λ = 0.3); below
 * L = μ − 3·σ·√(λ/(2−λ)) a drift insight is raised, once per drop: it clears when z ≥ μ − σ·√(λ/(2−λ)).
 */

export const DRIFT_MIN_WEEK_SAMPLE = 5;
export const DRIFT_BASELINE_WEEKS = 12;
export const DRIFT_MIN_BASELINE_WEEKS = 8;
export const DRIFT_GUARD_WEEKS = 4;
export const DRIFT_LAMBDA = 0.3;
export const DRIFT_LIMIT_SIGMAS = 3;

/** One week of a series: its first day, how many ratings had S, and their mean S (null when none). */
export interface WeekMean {
  week: string;
  n: number;
  mean: number | null;
}

/** A week of the evidence: its mean x and the EWMA z after it. */
export interface DriftPoint {
  week: string;
  n: number;
  x: number;
  z: number;
}

/** The state of the watch at one counted week. */
export interface DriftCheck {
  week: string;
  /** The guard weeks and week k, oldest first, with xⱼ and zⱼ. */
  points: DriftPoint[];
  /** The baseline weeks (first and last) and their count. */
  baseline: { from: string; to: string; weeks: number };
  mu: number;
  sigma: number;
  /** L: an insight is raised below it. */
  lower: number;
  /** A raised insight clears when z is back at or above this. */
  clearAt: number;
  z: number;
  /** z < L at this week. */
  below: boolean;
}

/** A drop: the first week z fell below L, with the evidence of that week. */
export type DriftInsight = DriftCheck;

export interface DriftResult {
  /** Every watched week (counted, with a baseline), oldest first. */
  checks: DriftCheck[];
  /** One per drop, raised at the week z first fell below L. */
  insights: DriftInsight[];
  /** Whether the latest drop has not cleared yet (the watch is "in alarm" now). */
  active: boolean;
}

function meanOf(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function sampleSd(xs: readonly number[], mu: number): number {
  return Math.sqrt(xs.reduce((a, x) => a + (x - mu) ** 2, 0) / (xs.length - 1));
}

/** Runs the watch over a weekly series (oldest first); weeks may be missing or thin. */
export function driftWatch(series: readonly WeekMean[]): DriftResult {
  const counted = series.filter(
    (w): w is WeekMean & { mean: number } => w.n >= DRIFT_MIN_WEEK_SAMPLE && w.mean !== null,
  );
  const width = Math.sqrt(DRIFT_LAMBDA / (2 - DRIFT_LAMBDA));
  const checks: DriftCheck[] = [];
  const insights: DriftInsight[] = [];
  let active = false;
  for (let k = 0; k < counted.length; k++) {
    const guardStart = k - DRIFT_GUARD_WEEKS;
    const baseline = counted.slice(Math.max(0, guardStart - DRIFT_BASELINE_WEEKS), Math.max(0, guardStart));
    if (guardStart < 0 || baseline.length < DRIFT_MIN_BASELINE_WEEKS) continue;
    const xs = baseline.map((w) => w.mean);
    const mu = meanOf(xs);
    const sigma = sampleSd(xs, mu);
    let z = mu;
    const points: DriftPoint[] = counted.slice(guardStart, k + 1).map((w) => {
      z = DRIFT_LAMBDA * w.mean + (1 - DRIFT_LAMBDA) * z;
      return { week: w.week, n: w.n, x: w.mean, z };
    });
    const lower = mu - DRIFT_LIMIT_SIGMAS * sigma * width;
    const clearAt = mu - sigma * width;
    const check: DriftCheck = {
      week: counted[k]!.week,
      points,
      baseline: { from: baseline[0]!.week, to: baseline.at(-1)!.week, weeks: baseline.length },
      mu,
      sigma,
      lower,
      clearAt,
      z,
      below: z < lower,
    };
    checks.push(check);
    if (!active && check.below) {
      active = true;
      insights.push(check);
    } else if (active && z >= clearAt) {
      active = false;
    }
  }
  return { checks, insights, active };
}
