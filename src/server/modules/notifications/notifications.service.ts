/** A person's inbox (issue 17): their notifications, the unread count for the console's badge, marking read. */
import { and, count, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { notifications } from '../../db/schema/notifications.js';
import { keyset } from '../../http/pagination.js';
import type { Actor } from '../../http/principal.js';
import { forbidden } from '../../http/problem.js';
import { presentNotification } from './notifications.presenter.js';
import type { NotificationListQuery } from './notifications.schemas.js';

/** Notifications are a person's own: an API key or the system has none. */
export function personOf(actor: Actor): string {
  if (actor.type !== 'user' || !actor.id) throw forbidden('Only a console user has notifications.');
  return actor.id;
}

const inboxPage = keyset({ kind: 'timestamp', sort: notifications.createdAt, id: notifications.id, order: 'desc' });

export async function listNotifications(db: Db, actor: Actor, q: NotificationListQuery) {
  const where: (SQL | undefined)[] = [eq(notifications.employeeId, personOf(actor)), inboxPage.after(q.cursor)];
  if (q.unread) where.push(isNull(notifications.readAt));
  const rows = await db
    .select({ row: notifications, pageKey: inboxPage.key })
    .from(notifications)
    .where(and(...where))
    .orderBy(...inboxPage.orderBy)
    .limit(q.limit + 1);
  return inboxPage.page(
    rows,
    q.limit,
    (r) => presentNotification(r.row),
    (r) => ({ v: r.pageKey, id: r.row.id }),
  );
}

export async function unreadCount(db: Db, actor: Actor): Promise<{ unread: number }> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.employeeId, personOf(actor)), isNull(notifications.readAt)));
  return { unread: Number(row?.n ?? 0) };
}

/** Marks the given items (only the caller's own) or all unread ones read; returns the new unread count. */
export async function markRead(db: Db, actor: Actor, body: { ids?: string[]; all?: boolean }) {
  const employeeId = personOf(actor);
  await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.employeeId, employeeId),
        isNull(notifications.readAt),
        body.ids ? inArray(notifications.id, body.ids) : undefined,
      ),
    );
  return unreadCount(db, actor);
}
