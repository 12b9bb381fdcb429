/**
 * Display rounding (SCORING.md: "numbers are stored unrounded; rounding happens only for display, half up").
 *
 * Why not `Math.round(x * 10) / 10`: binary floating point cannot hold 80.05, and 80.05 * 10 is 800.4999999999999,
 * which would round down. We first cut both the value and the shifted value to 15 significant digits (the precision a
 * double reliably carries), which turns such representation noise back into the decimal the user meant, then round.
 *
 * Half "up" is applied symmetrically (half away from zero): −12.5 → −13, as a person rounding an NPS would expect.
 */
export function roundHalfUp(x: number, decimals = 1): number {
  if (!Number.isFinite(x)) return x;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 15) {
    throw new RangeError(`decimals must be an integer from 0 to 15, got ${decimals}`);
  }
  const sign = x < 0 ? -1 : 1;
  const abs = Number(Math.abs(x).toPrecision(15));
  const shifted = Number((abs * 10 ** decimals).toPrecision(15));
  const rounded = Math.floor(shifted + 0.5) / 10 ** decimals;
  return rounded === 0 ? 0 : sign * rounded; // never return −0 (it would print as "-0.0" in some places)
}

/**
 * A score for display: half-up rounded, fixed decimals (80 → "80.0"); `placeholder` when there is no value
 * (e.g. S is null because nothing was scored).
 */
export function formatScore(x: number | null | undefined, decimals = 1, placeholder = '—'): string {
  if (x === null || x === undefined || Number.isNaN(x)) return placeholder;
  return roundHalfUp(x, decimals).toFixed(decimals);
}
