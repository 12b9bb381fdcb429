/**
 * Per-contact export and erase (issue 21): everything held about one person, found by phone, e-mail or openid, as
 * JSON; and the erase that removes their contact data and what they wrote everywhere while every rating stays (its
 * score, class and scored answers, without identity) — so no figure moves. The opt-out survives as a hash. Both are
 * audited with who and when, never with what.
 */
import { contactKeysOfPerson, type PersonKeys } from '../../../common/privacy.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { Actor } from '../../http/principal.js';
import { redactFactTexts } from '../analytics/privacy.js';
import { recordAudit } from '../audit/audit.service.js';
import { casesOfWorkOrders, redactCaseTexts } from '../cases/privacy.js';
import { forgetSandboxMessages } from '../channels/privacy.js';
import { normalisePhone } from '../delivery/opt-outs.js';
import { hashOptOuts, optOutsOf, redactAttemptResponses } from '../delivery/privacy.js';
import { redactContactChanges } from '../events/privacy.js';
import { followUpsOfWorkOrders, redactFollowUpTexts } from '../follow-ups/privacy.js';
import { invitationsOfPerson, redactInvitationContacts } from '../invitations/privacy.js';
import { forgetPortalAddresses, portalSessionsOf } from '../portal/privacy.js';
import { ratingsOf, redactRatingTexts } from '../ratings/privacy.js';
import { textKeysOfVersions } from '../templates/retention.js';
import {
  forgetImportFiles,
  forgetWechatIds,
  redactWorkOrderContacts,
  wechatIdsOfPerson,
  workOrdersOfPerson,
} from '../work-orders/privacy.js';
import type { PersonInput } from './privacy.schemas.js';

/** The person's keys as stored: the phone normalised (`+86…`), the e-mail lower-cased. */
export function personKeys(input: PersonInput): PersonKeys {
  return {
    phone: input.phone ? normalisePhone(input.phone) : null,
    email: input.email ? input.email.trim().toLowerCase() : null,
    openId: input.openId?.trim() || null,
  };
}

async function holdings(db: DbOrTx, person: PersonKeys) {
  const workOrders = await workOrdersOfPerson(db, person);
  const workOrderIds = workOrders.map((w) => w.id);
  const invitations = await invitationsOfPerson(db, person, workOrderIds);
  const ratings = await ratingsOf(
    db,
    workOrderIds,
    invitations.map((i) => i.id),
  );
  return { workOrders, workOrderIds, invitations, ratings };
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
/** Dates as ISO strings, everything else as stored. */
const plain = <T extends object>(rows: T[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, iso(v)])));

export async function exportPerson(db: Db, actor: Actor, input: PersonInput, now: Date) {
  const person = personKeys(input);
  const keys = contactKeysOfPerson(person);
  const { workOrders, workOrderIds, invitations, ratings } = await holdings(db, person);
  const followUps = await followUpsOfWorkOrders(db, workOrderIds);
  const cases = await casesOfWorkOrders(db, workOrderIds);
  const result = {
    generatedAt: now.toISOString(),
    person,
    workOrders: plain(workOrders),
    invitations: plain(invitations),
    ratings: plain(ratings),
    followUps: {
      tasks: plain(followUps.tasks),
      attempts: plain(followUps.attempts),
      calls: plain(followUps.calls),
    },
    cases: cases.map((c) => ({ ...plain([c])[0], entries: plain(c.entries) })),
    optOuts: plain(await optOutsOf(db, keys)),
    portalSessions: plain(await portalSessionsOf(db, keys)),
    wechatIds: plain(await wechatIdsOfPerson(db, person)),
  };
  await recordAudit(db, actor, { action: 'privacy.contact_exported', entityType: 'contact' });
  return result;
}

/**
 * Erases one person, in one transaction: contact columns of their work orders and invitations, what providers
 * answered, the timeline's quotes, their ratings' text answers (and the analytics copies), follow-up notes and
 * recordings, case texts, portal sessions and codes, openids, sandbox messages, import files naming them; opt-outs
 * become hashes. Irreversible. The audit entry holds who, when and how many records — not the person.
 */
export async function erasePerson(db: Db, actor: Actor, input: PersonInput, now: Date) {
  const person = personKeys(input);
  const keys = contactKeysOfPerson(person);
  return db.transaction(async (tx) => {
    const { workOrderIds, invitations, ratings } = await holdings(tx, person);
    const invitationIds = invitations.map((i) => i.id);
    const counts: Record<string, number> = {};
    const add = (kind: string, n: number) => {
      if (n) counts[kind] = (counts[kind] ?? 0) + n;
    };
    add('workOrders', await redactWorkOrderContacts(tx, workOrderIds, now));
    add('invitations', await redactInvitationContacts(tx, invitationIds, now));
    add('deliveryAttempts', await redactAttemptResponses(tx, invitationIds));
    add('events', await redactContactChanges(tx, workOrderIds));
    const refs = ratings.map((r) => ({ id: r.id, templateVersionId: r.templateVersionId }));
    const textKeys = await textKeysOfVersions(
      tx,
      refs.map((r) => r.templateVersionId),
    );
    // Already-redacted ratings are skipped by the update; the erase still empties them in the analytics copy.
    add('ratings', await redactRatingTexts(tx, refs, textKeys, now));
    await redactFactTexts(tx, refs, textKeys);
    add('followUpTexts', await redactFollowUpTexts(tx, { workOrderIds }));
    add('caseTexts', await redactCaseTexts(tx, { workOrderIds }));
    add('portal', await forgetPortalAddresses(tx, { contactKeys: keys }));
    add('wechatIds', await forgetWechatIds(tx, { person }));
    add('sandboxMessages', await forgetSandboxMessages(tx, { person }));
    add('importFiles', await forgetImportFiles(tx, { person }));
    add('optOutsHashed', await hashOptOuts(tx, { contactKeys: keys }));
    await recordAudit(tx, actor, { action: 'privacy.contact_erased', entityType: 'contact', after: { counts } });
    return { erasedAt: now.toISOString(), counts };
  });
}
