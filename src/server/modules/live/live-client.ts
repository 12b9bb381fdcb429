import type { ServerResponse } from 'node:http';
import type { DbOrTx } from '../../db/client.js';
import type { Actor } from '../../http/principal.js';
import { accessibleIds } from '../access/require-access.js';
import { scopeOf } from '../access/scope.js';
import {
  comparePositions,
  type EventPosition,
  formatPosition,
  type PositionedEvent,
  readCommittedEvents,
} from '../events/positions.js';
import type { LiveSubscriber } from './hub.js';

/** Events replayed to a reconnecting client at most; beyond that it gets `reset` and reloads what it shows. */
export const MAX_REPLAY = 5_000;
const REPLAY_BATCH = 500;
const VISIBILITY_CACHE = 5_000;

/** What a live event tells the console: enough to know which queries to refresh, no personal data. */
export function presentLiveEvent(event: PositionedEvent) {
  return {
    type: event.type,
    workOrderId: event.workOrderId,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    at: event.at.toISOString(),
  };
}

/**
 * One console connection of `GET /api/v1/events`: replays what it missed (from `Last-Event-ID`), then writes what the
 * hub delivers, in position order, each event once, only those its actor may see (the work order's access scope;
 * events without a work order only to organisation-wide actors).
 */
export class LiveClient implements LiveSubscriber {
  private position: EventPosition = { txid: '0', seq: 0 };
  /** Deliveries that arrive while the replay runs wait here. */
  private buffer: PositionedEvent[] | null = [];
  private chain: Promise<void> = Promise.resolve();
  private readonly visible = new Map<string, boolean>();
  private closed = false;

  constructor(
    private readonly db: DbOrTx,
    private readonly actor: Actor,
    private readonly out: ServerResponse,
  ) {}

  /**
   * Starts at `start` (the hub's position when this client subscribed; deliveries after it are buffered until now):
   * replays from `from` (the client's Last-Event-ID) up to everything committed, then goes live.
   */
  async begin(start: EventPosition, from: EventPosition | null): Promise<void> {
    this.position = start;
    if (from && comparePositions(from, this.position) < 0) {
      this.position = from;
      let replayed = 0;
      for (;;) {
        const { events, watermark } = await readCommittedEvents(this.db, this.position, REPLAY_BATCH);
        replayed += events.length;
        if (replayed > MAX_REPLAY) {
          // Too much to replay: the console reloads instead, from the newest position.
          this.position = watermark;
          this.write('event: reset\ndata: {}\n\n');
          break;
        }
        await this.send(events);
        if (comparePositions(watermark, this.position) > 0) this.position = watermark;
        if (events.length < REPLAY_BATCH) break;
      }
    }
    const buffered = this.buffer ?? [];
    this.buffer = null;
    this.deliver(buffered);
  }

  deliver(events: PositionedEvent[]): void {
    if (this.buffer) {
      this.buffer.push(...events);
      return;
    }
    this.chain = this.chain.then(() => this.send(events)).catch(() => this.close());
  }

  heartbeat(): void {
    this.write(': heartbeat\n\n');
  }

  close(): void {
    this.closed = true;
  }

  private async send(events: PositionedEvent[]): Promise<void> {
    const fresh = events.filter((e) => comparePositions(e.position, this.position) > 0);
    if (fresh.length === 0 || this.closed) return;
    const allowed = await this.mayShow(fresh);
    let text = '';
    for (const e of fresh) {
      if (allowed(e)) text += `id: ${formatPosition(e.position)}\ndata: ${JSON.stringify(presentLiveEvent(e))}\n\n`;
    }
    this.position = fresh[fresh.length - 1]!.position;
    if (text) this.write(text);
  }

  private async mayShow(events: PositionedEvent[]): Promise<(e: PositionedEvent) => boolean> {
    const scope = await scopeOf(this.db, this.actor);
    if (scope.kind === 'organisation') return () => true;
    const unknown = [
      ...new Set(events.flatMap((e) => (e.workOrderId && !this.visible.has(e.workOrderId) ? [e.workOrderId] : []))),
    ];
    if (unknown.length > 0) {
      const ok = await accessibleIds(this.db, this.actor, 'work_order', unknown);
      if (this.visible.size + unknown.length > VISIBILITY_CACHE) this.visible.clear();
      for (const id of unknown) this.visible.set(id, ok.has(id));
    }
    return (e) => (e.workOrderId ? this.visible.get(e.workOrderId) === true : false);
  }

  private write(text: string): void {
    if (!this.closed && !this.out.writableEnded) this.out.write(text);
  }
}
