/**
 * What a signed-in customer sees in the portal (issue 20): the work orders whose contact matches the verified phone
 * or e-mail, each with its status, service, engineers and dates, a pending rating's link and the ratings given.
 * Where the matching work orders carry different customer names (one number shared by a company switchboard), a
 * work order shows only its number and status until the customer types the name on it (`confirmName`).
 */
import type { DbOrTx } from '../../db/client.js';
import { isOptedOut, recordOptOut, withdrawOptOut } from '../delivery/opt-outs.js';
import { invitationsOfWorkOrders } from '../invitations/invitations.service.js';
import { linkState } from '../invitations/submission-slots.js';
import { invitationToken } from '../invitations/token.js';
import { orgNames } from '../org/lookups.js';
import { ratingSummaries } from '../ratings/work-order-ratings.service.js';
import { workOrdersOfContact } from '../work-orders/work-orders.queries.js';
import { MAX_NAME_TRIES, normaliseName, type PortalSession, recordNameTry } from './sessions.js';

export interface PortalWorkOrder {
  id: string;
  number: string;
  status: string;
  /** Null while the work order is hidden behind its name (a shared number): number and status only. */
  detail: {
    subject: string;
    serviceType: string;
    engineers: string[];
    createdAt: Date;
    completedAt: Date | null;
    /** The rating page of an open invitation this customer has not answered yet (`/r/<token>`). */
    ratePath: string | null;
    rating: { stars: number | null; submittedAt: Date; count: number } | null;
  } | null;
}

export interface PortalHome {
  workOrders: PortalWorkOrder[];
  /** Several customer names share the address: some work orders may need their name typed. */
  shared: boolean;
  /** The session may still type names. */
  canConfirm: boolean;
  /** The customer opted out of rating invitations to this address (any channel reaching it, or all). */
  optedOut: boolean;
}

type ContactWorkOrder = Awaited<ReturnType<typeof workOrdersOfContact>>[number];

const namesOf = (rows: ContactWorkOrder[]) =>
  new Set(rows.flatMap((w) => (w.customerName?.trim() ? [normaliseName(w.customerName)] : [])));

export async function portalHome(
  db: DbOrTx,
  appSecret: string,
  session: PortalSession,
  now: Date,
): Promise<PortalHome> {
  const rows = await workOrdersOfContact(db, session.address);
  const shared = namesOf(rows).size > 1;
  const confirmed = new Set(session.confirmedNames);
  const visible = rows.filter(
    (w) => !shared || (w.customerName?.trim() && confirmed.has(normaliseName(w.customerName))),
  );
  const ids = visible.map((w) => w.id);
  const channel = session.address.startsWith('phone:') ? 'sms' : 'email';
  const [names, invitations, ratings, optedOut] = await Promise.all([
    orgNames(db, {
      serviceTypeIds: [...new Set(visible.map((w) => w.serviceTypeId))],
      departmentIds: [],
      employeeIds: [...new Set(visible.flatMap((w) => w.engineerIds))],
    }),
    invitationsOfWorkOrders(db, ids),
    ratingSummaries(db, ids),
    isOptedOut(db, session.address, channel),
  ]);
  const openInvitation = new Map<string, string>();
  for (const inv of invitations) {
    if (openInvitation.has(inv.workOrderId) || inv.submissionCount > 0) continue;
    if (linkState(inv, now) === 'open') openInvitation.set(inv.workOrderId, inv.id);
  }
  const shown = new Set(ids);
  return {
    shared,
    canConfirm: session.nameTries < MAX_NAME_TRIES,
    optedOut,
    workOrders: rows.map((w) => {
      if (!shown.has(w.id)) return { id: w.id, number: w.number, status: w.status, detail: null };
      const invitationId = openInvitation.get(w.id);
      const rating = ratings.get(w.id);
      return {
        id: w.id,
        number: w.number,
        status: w.status,
        detail: {
          subject: w.subject,
          serviceType: names.get(w.serviceTypeId) ?? '',
          engineers: w.engineerIds.flatMap((id) => (names.has(id) ? [names.get(id)!] : [])),
          createdAt: w.createdAt,
          completedAt: w.completedAt,
          ratePath: invitationId ? `/r/${invitationToken(appSecret, invitationId)}` : null,
          rating: rating
            ? {
                stars: rating.latest.roundedStars ?? rating.latest.stars,
                submittedAt: new Date(rating.latest.submittedAt),
                count: rating.count,
              }
            : null,
        },
      };
    }),
  };
}

/**
 * The customer types the name on one of their address's work orders: right → that name's work orders show in full
 * for this session. Only the session's own work orders can be asked about, and wrong names are bounded per session.
 */
export async function confirmName(
  db: DbOrTx,
  session: PortalSession,
  workOrderId: string,
  name: string,
): Promise<'confirmed' | 'wrong' | 'locked' | 'not_found'> {
  const rows = await workOrdersOfContact(db, session.address);
  const workOrder = rows.find((w) => w.id === workOrderId);
  if (!workOrder) return 'not_found';
  const right =
    Boolean(workOrder.customerName?.trim()) && normaliseName(workOrder.customerName!) === normaliseName(name);
  const counted = await recordNameTry(db, session.id, name, right);
  if (!counted) return 'locked';
  return right ? 'confirmed' : 'wrong';
}

/**
 * The customer stops (or resumes) rating invitations to the address they proved: an opt-out of every channel for
 * that contact (`delivery/opt-outs.ts`, the same record the unsubscribe link writes), so delivery skips it.
 */
export async function setInvitationsWanted(db: DbOrTx, session: PortalSession, wanted: boolean): Promise<void> {
  if (wanted) {
    await withdrawOptOut(db, session.address, 'all');
    await withdrawOptOut(db, session.address, session.address.startsWith('phone:') ? 'sms' : 'email');
  } else {
    await recordOptOut(db, { contactKey: session.address, channel: 'all', source: 'portal' });
  }
}
