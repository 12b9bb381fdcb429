import type { Db } from '../../db/client.js';

/**
 * The sends of one configuration that this process has claimed and not finished, held to the configuration's
 * `inFlight` (SMTP: its pool's connections). An attempt is claimed (`sending`) only once a slot is free, so it goes
 * straight onto a connection instead of queueing inside the adapter: a crash leaves `unknown` only what was on the
 * wire, and a restart sends everything that was never claimed. Per process, as the pools it mirrors are. Every sender
 * through such a configuration takes a slot for its send (invitations, notifications, problem notices, reports,
 * portal codes, the console's test send), so the pool is never busy with a mail that holds none.
 */
export class SendSlots {
  private readonly used = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  /**
   * Waits until `configId` has `atLeast` free slots (default 1; never more than `wanted` or `limit`), then takes up to
   * `wanted` of the free ones; returns how many.
   */
  async take(configId: string, limit: number, wanted: number, atLeast = 1): Promise<number> {
    const needed = Math.max(1, Math.min(atLeast, wanted, limit));
    for (;;) {
      const used = this.used.get(configId) ?? 0;
      if (limit - used >= needed) {
        const n = Math.min(limit - used, Math.max(1, wanted));
        this.used.set(configId, used + n);
        return n;
      }
      await new Promise<void>((wake) => this.waiting.set(configId, [...(this.waiting.get(configId) ?? []), wake]));
    }
  }

  /** Gives `n` slots back; everyone waiting looks again. */
  release(configId: string, n: number): void {
    this.used.set(configId, Math.max(0, (this.used.get(configId) ?? 0) - n));
    const waiting = this.waiting.get(configId) ?? [];
    this.waiting.delete(configId);
    for (const wake of waiting) wake();
  }
}

const slotsByDb = new WeakMap<Db, SendSlots>();

/** The process's slots for this database (as `channelRuntimeOf` keeps its pools). */
export function sendSlotsOf(db: Db): SendSlots {
  let slots = slotsByDb.get(db);
  if (!slots) {
    slots = new SendSlots();
    slotsByDb.set(db, slots);
  }
  return slots;
}

/** Runs `claimAndSend` holding one of `config`'s slots (at once when it has no limit). */
export async function withSendSlot<T>(
  db: Db,
  config: { id: string; inFlight: number | null },
  claimAndSend: () => Promise<T>,
): Promise<T> {
  if (!config.inFlight) return claimAndSend();
  const slots = sendSlotsOf(db);
  await slots.take(config.id, config.inFlight, 1);
  try {
    return await claimAndSend();
  } finally {
    slots.release(config.id, 1);
  }
}
