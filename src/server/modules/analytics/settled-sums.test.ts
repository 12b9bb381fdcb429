import { describe, expect, it } from 'vitest';
import type { DbOrTx } from '../../db/client.js';
import { settledMemo, splitPeriod } from './settled-sums.js';

const at = (iso: string) => new Date(iso);
const cut = at('2026-12-03T16:00:00Z');

describe('splitPeriod', () => {
  it('cuts a period across the cut into its settled part and the rest', () => {
    expect(splitPeriod({ from: at('2026-01-01T00:00:00Z'), to: at('2026-12-06T00:00:00Z') }, cut)).toEqual({
      settled: { from: at('2026-01-01T00:00:00Z'), to: cut },
      live: { from: cut, to: at('2026-12-06T00:00:00Z') },
    });
  });

  it('keeps a past period whole, a recent one live, and open ends open', () => {
    const past = { from: at('2025-01-01T00:00:00Z'), to: at('2025-12-01T00:00:00Z') };
    expect(splitPeriod(past, cut)).toEqual({ settled: past, live: null });
    const recent = { from: at('2026-12-04T00:00:00Z'), to: at('2026-12-06T00:00:00Z') };
    expect(splitPeriod(recent, cut)).toEqual({ settled: null, live: recent });
    expect(splitPeriod({ from: null, to: null }, cut)).toEqual({
      settled: { from: null, to: cut },
      live: { from: cut, to: null },
    });
    // Ending exactly at the cut: all settled.
    expect(splitPeriod({ from: past.from, to: cut }, cut)).toEqual({
      settled: { from: past.from, to: cut },
      live: null,
    });
  });
});

describe('settledMemo', () => {
  const db = {} as DbOrTx; // only the client's identity is used: the cache is kept per client

  it('computes once per token, shares a computation in flight, and recomputes under a new token', async () => {
    let runs = 0;
    const compute = async () => ++runs;
    const [a, b] = await Promise.all([
      settledMemo(db, 'k', 't1', compute, () => 1),
      settledMemo(db, 'k', 't1', compute, () => 1),
    ]);
    expect([a, b, runs]).toEqual([1, 1, 1]);
    expect(await settledMemo(db, 'k', 't2', compute, () => 1)).toBe(2);
    expect(await settledMemo(db, 'k', 't2', compute, () => 1)).toBe(2);
  });

  it('keeps nothing of a failed computation', async () => {
    await expect(
      settledMemo(
        db,
        'fails',
        't',
        () => Promise.reject(new Error('down')),
        () => 1,
      ),
    ).rejects.toThrow('down');
    expect(
      await settledMemo(
        db,
        'fails',
        't',
        async () => 'ok',
        () => 1,
      ),
    ).toBe('ok');
  });

  it('forgets the least recently used beyond its weight, and keeps each client apart', async () => {
    const other = {} as DbOrTx;
    let runs = 0;
    const compute = async () => ++runs;
    await settledMemo(other, 'old', 't', compute, () => 300_000);
    await settledMemo(other, 'new', 't', compute, () => 300_000);
    await new Promise((r) => setImmediate(r)); // the weight is counted once the value is there
    expect(await settledMemo(other, 'new', 't', compute, () => 300_000)).toBe(2);
    expect(await settledMemo(other, 'old', 't', compute, () => 300_000)).toBe(3); // forgotten: computed again
    expect(
      await settledMemo(
        {} as DbOrTx,
        'new',
        't',
        async () => 'apart',
        () => 1,
      ),
    ).toBe('apart');
  });

  it('keeps at most 2,000 entries, however light', async () => {
    const light = {} as DbOrTx;
    let runs = 0;
    const compute = async () => ++runs;
    for (let i = 0; i <= 2_000; i++) await settledMemo(light, `k${i}`, 't', compute, () => 0);
    await new Promise((r) => setImmediate(r));
    expect(await settledMemo(light, 'k2000', 't', compute, () => 0)).toBe(2_001); // kept
    expect(await settledMemo(light, 'k0', 't', compute, () => 0)).toBe(2_002); // the oldest went
  });
});
