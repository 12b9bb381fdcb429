/** Quiet hours in the organisation's time zone: when a send due at `now` must wait, and until when. */

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/** Minutes since local midnight and the offset (local − UTC, minutes) at `at` in `timeZone`. */
function localClock(at: Date, timeZone: string): { minutes: number; seconds: number; offset: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offset = Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  return { minutes: get('hour') * 60 + get('minute'), seconds: get('second'), offset };
}

/**
 * The end of the quiet period containing `now`, or null when `now` is outside it. Periods may wrap midnight
 * (21:00–08:00). A DST change inside the period is corrected by re-reading the offset at the computed end.
 */
export function quietUntil(now: Date, quiet: { start: string; end: string } | null, timeZone: string): Date | null {
  if (!quiet) return null;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const { minutes, seconds } = localClock(now, timeZone);
  const inside = start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  if (!inside) return null;
  const wait = (end - minutes + 1440) % 1440;
  let until = new Date(now.getTime() + (wait * 60 - seconds) * 1000 - (now.getTime() % 1000));
  // Across a DST switch the wall clock moved: shift by the offset difference.
  const drift = localClock(until, timeZone).offset - localClock(now, timeZone).offset;
  if (drift) until = new Date(until.getTime() - drift * 60_000);
  return until;
}
