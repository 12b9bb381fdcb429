import { listen, notify } from '../../db/notifications.js';
import { yieldToRequests } from '../../jobs/yield-to-requests.js';
import { comparePositions, type EventPosition, latestCommittedPosition } from './positions.js';
import {
  type ProcessorEnvironment,
  registerProcessors,
  retryDueFailures,
  runProcessorBatch,
} from './processor-runner.js';
import type { EventProcessor } from './processors.js';

/** The NOTIFY channel that says "new events committed" (no payload: readers read `domain_events`). */
export const EVENTS_CHANNEL = 'rateloop_events';

export interface EventPumpOptions {
  /** How often the relay looks for newly committed events (ms). */
  relayIntervalMs?: number;
  /** A processor with nothing to do looks again after this long even without a wake-up (ms). */
  idleIntervalMs?: number;
}

/**
 * Runs in every worker process: the relay and the event processors.
 * - The relay polls one indexed row — the newest committed event's position — and when it moved, sends one
 *   `NOTIFY rateloop_events` for the whole batch (never one per writing transaction: a NOTIFY takes a global lock at
 *   commit, which would serialise every writer).
 * - Each processor loops: handle a batch, retry due failures; when idle, wait for the wake-up (or a timer).
 * HTTP servers listen to the same channel for the live feed (`modules/live`).
 */
export class EventPump {
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  private waiters: (() => void)[] = [];
  private unlisten: (() => Promise<void>) | null = null;
  private relayTimer: NodeJS.Timeout | null = null;
  private lastSeen: EventPosition | null = null;

  constructor(
    private readonly env: ProcessorEnvironment,
    private readonly processors: readonly EventProcessor[],
    private readonly options: EventPumpOptions = {},
  ) {}

  async start(): Promise<void> {
    await registerProcessors(this.env.database.db, this.processors);
    this.unlisten = await listen(this.env.database, EVENTS_CHANNEL, () => this.wake());
    this.lastSeen = await latestCommittedPosition(this.env.database.db);
    this.scheduleRelay();
    for (const p of this.processors) this.loops.push(this.loop(p));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.relayTimer) clearTimeout(this.relayTimer);
    this.wake();
    await Promise.all(this.loops);
    await this.unlisten?.();
  }

  /** Wakes every idle processor loop of this process. */
  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.waiters = self.waiters.filter((w) => w !== done);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  private scheduleRelay() {
    if (this.stopped) return;
    const interval = this.options.relayIntervalMs ?? (this.env.database.kind === 'pglite' ? 250 : 100);
    this.relayTimer = setTimeout(() => void this.relay().finally(() => this.scheduleRelay()), interval);
  }

  private async relay(): Promise<void> {
    try {
      const latest = await latestCommittedPosition(this.env.database.db);
      if (!latest || (this.lastSeen && comparePositions(latest, this.lastSeen) <= 0)) return;
      this.lastSeen = latest;
      await notify(this.env.database, EVENTS_CHANNEL);
    } catch (err) {
      if (!this.stopped) this.env.log.warn({ err }, 'event relay: look-up failed');
    }
  }

  private async loop(processor: EventProcessor): Promise<void> {
    while (!this.stopped) {
      try {
        const { more } = await runProcessorBatch(this.env, processor);
        await retryDueFailures(this.env, processor);
        // A full batch, or one cut short by its time budget: more is waiting — after the event loop's turn, as on
        // PGlite a batch's queries resolve without reaching it, and a catch-up (after a restart) that never yielded
        // kept every request waiting until it ended (readiness 1–3 s late after kill -9 under load). Otherwise the
        // next commit notifies.
        if (more) {
          await yieldToRequests();
          continue;
        }
      } catch (err) {
        if (this.stopped) return;
        this.env.log.error({ err, processor: processor.name }, 'event processor batch failed');
      }
      await this.idle(this.options.idleIntervalMs ?? 1_000);
    }
  }
}
