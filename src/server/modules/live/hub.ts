import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client.js';
import { listen } from '../../db/notifications.js';
import { EVENTS_CHANNEL } from '../events/event-pump.js';
import {
  comparePositions,
  currentWatermark,
  type EventPosition,
  type PositionedEvent,
  readCommittedEvents,
} from '../events/positions.js';

/** A connected live client: it gets every new committed event in position order and filters what it may see. */
export interface LiveSubscriber {
  deliver(events: PositionedEvent[]): void;
}

/** How often the hub reads the table without a wake-up (a process whose relay is elsewhere and quiet). */
const FALLBACK_POLL_MS = 2_000;
const READ_BATCH = 500;

/**
 * One per HTTP process: reads newly committed events from `domain_events` once for all its live clients, when the
 * relay's NOTIFY wakes it (any process's workers) or every 2 s, and hands them to each subscriber in position order.
 * Events come from the table, never from the notification, so a client on this process sees what committed through
 * any other process. Started by the first subscriber.
 */
export class LiveHub {
  private readonly subscribers = new Set<LiveSubscriber>();
  private position: EventPosition | null = null;
  private starting: Promise<void> | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
  ) {}

  /**
   * Subscribes, and answers the hub's position at that moment: what the subscriber must replay from the table up to
   * (everything after it reaches the subscriber through `deliver`).
   */
  async subscribe(subscriber: LiveSubscriber): Promise<EventPosition> {
    this.starting ??= this.start();
    await this.starting;
    this.subscribers.add(subscriber);
    return this.position!;
  }

  unsubscribe(subscriber: LiveSubscriber): void {
    this.subscribers.delete(subscriber);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.reading;
    await this.unlisten?.();
  }

  private async start() {
    this.position = await currentWatermark(this.database.db);
    this.unlisten = await listen(this.database, EVENTS_CHANNEL, () => this.wake());
    this.schedule();
  }

  private schedule() {
    if (this.closed) return;
    this.timer = setTimeout(() => this.wake(), FALLBACK_POLL_MS);
  }

  /** Reads what committed since the last read; a wake-up during a read causes one more read after it. */
  wake(): void {
    if (this.closed) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.reading = this.readNew().finally(() => {
      this.reading = null;
      if (this.again) {
        this.again = false;
        this.wake();
      } else this.schedule();
    });
  }

  private async readNew(): Promise<void> {
    try {
      for (;;) {
        const from = this.position!;
        const { events, watermark } = await readCommittedEvents(this.database.db, from, READ_BATCH);
        if (comparePositions(watermark, from) > 0) this.position = watermark;
        if (events.length > 0) for (const s of this.subscribers) s.deliver(events);
        if (events.length < READ_BATCH) return;
      }
    } catch (err) {
      if (!this.closed) this.log.warn({ err }, 'live events: read failed');
    }
  }
}
