import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import {
  DEFAULT_TEMPLATE_FORM,
  defaultTemplateVersionId,
  invitationFactory,
} from '../../../test/support/invitations.js';
import { findInvitation } from '../modules/invitations/invitations.service.js';

/**
 * Racing POSTs of one form (a double tap, two tabs, Back + resubmit while the first is in flight) on a multi-use QR
 * invitation: the form token is the rating's idempotency key, recorded by the rating's own statement under a unique
 * index, so exactly one rating is stored whatever the interleaving. On PostgreSQL the requests really race: a
 * second connection holds the invitation's row lock until every request is waiting on it, then lets them all go.
 */
let t: TestApp;
let version: string;
beforeAll(async () => {
  t = await createTestApp({ publicRateLimits: { perIpPerMinute: 100_000, perTokenPerMinute: 100_000 } });
  version = await defaultTemplateVersionId(t.ctx.db);
});
afterAll(async () => {
  await t?.close();
});

const RACERS = 8;

async function newQrLink() {
  const links = { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl };
  return invitationFactory(t.ctx.db, links, { templateVersionId: version, source: 'qr', submissionLimit: 20 });
}

const post = (path: string, body: string) =>
  t.app.inject({
    method: 'POST',
    url: path,
    payload: body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

async function formToken(path: string) {
  const page = await t.app.inject({ method: 'GET', url: path });
  return /name="_form_token" value="([^"]+)"/.exec(page.body)![1]!;
}

async function ratingCount(invitationId: string) {
  const { rows } = await t.ctx.database.sql.query<{ n: number }>(
    'select count(*)::int as n from ratings where invitation_id = $1',
    [invitationId],
  );
  return rows[0]!.n;
}

describe('the same form posted by racing requests', () => {
  it('stores one rating: one 303 to the thank-you page, every other answer "already submitted" (409)', async () => {
    const { path, invitation } = await newQrLink();
    const body = `${DEFAULT_TEMPLATE_FORM}&_form_token=${await formToken(path)}`;
    const pool = t.ctx.database.pool;
    let responses: Awaited<ReturnType<typeof post>>[];
    if (pool) {
      const blocker = await pool.connect();
      try {
        await blocker.query('begin');
        await blocker.query('select id from invitations where id = $1 for update', [invitation.id]);
        const inFlight = Promise.all(Array.from({ length: RACERS }, () => post(path, body)));
        // Every request that got a connection is now blocked on the row lock, all at the same point.
        const deadline = Date.now() + 20_000;
        for (;;) {
          const { rows } = await blocker.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
          );
          if (rows[0]!.n >= 2) break;
          if (Date.now() > deadline) throw new Error('the requests never reached the row lock');
          await new Promise((r) => setTimeout(r, 20));
        }
        await blocker.query('commit');
        responses = await inFlight;
      } finally {
        blocker.release();
      }
    } else {
      responses = await Promise.all(Array.from({ length: RACERS }, () => post(path, body)));
    }
    const codes = responses.map((r) => r.statusCode).sort();
    expect(codes).toEqual([303, ...Array(RACERS - 1).fill(409)]);
    expect(await ratingCount(invitation.id)).toBe(1);
    expect((await findInvitation(t.ctx.db, invitation.id))!.submissionCount).toBe(1);
  });

  it('different forms on the same multi-use invitation each count (the lock serialises, it does not refuse)', async () => {
    const { path, invitation } = await newQrLink();
    const tokens = await Promise.all(Array.from({ length: 4 }, () => formToken(path)));
    const responses = await Promise.all(tokens.map((k) => post(path, `${DEFAULT_TEMPLATE_FORM}&_form_token=${k}`)));
    expect(responses.map((r) => r.statusCode)).toEqual([303, 303, 303, 303]);
    expect(await ratingCount(invitation.id)).toBe(4);
  });
});
