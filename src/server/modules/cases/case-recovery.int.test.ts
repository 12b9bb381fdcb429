import '../../../../test/support/no-network.js';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpFake } from '../../../../test/fakes/smtp.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { disableAllConfigs, newInvitation, smtpConfig, step } from '../../../../test/support/delivery.js';
import { departmentFactory, workOrderFactory } from '../../../../test/support/factories.js';
import { DEFAULT_TEMPLATE_ANSWERS, defaultTemplateVersionId } from '../../../../test/support/invitations.js';
import { invitationDeliveries } from '../../db/schema/delivery.js';
import { invitations } from '../../db/schema/invitations.js';
import { ratingTemplateVersions } from '../../db/schema/templates.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { DEFAULT_DELIVERY_SETTINGS } from '../delivery/delivery-settings.js';
import { createInvitation } from '../invitations/invitations.service.js';
import { invitationToken } from '../invitations/token.js';
import { changeCaseStatus } from './cases.service.js';
import { recoveryProcessor } from './recovery.processor.js';

// Workers on (the delivery job really sends the re-survey) with only this module's processor: no other processor
// opens cases or counts ratings behind the test's back.
let t: TestApp;
let admin: Awaited<ReturnType<TestApp['loginAs']>>;
let version: string;
let policyId: string;
const smtp = new SmtpFake();

beforeAll(async () => {
  t = await createTestApp({
    work: true,
    processors: [recoveryProcessor],
    publicRateLimits: { perIpPerMinute: 100_000 },
  });
  admin = await t.loginAs(['admin']);
  version = await defaultTemplateVersionId(t.ctx.db);
  await smtp.start();
  await disableAllConfigs(t);
  await smtpConfig(admin, smtp);
  // 24/7, so that the working time to first contact is the wall-clock time and can be computed by hand.
  const policy = await admin.post('/api/v1/sla-policies', {
    name: `Around the clock ${randomUUID().slice(0, 6)}`,
    firstContactMinutes: 120,
    resolutionMinutes: 2880,
    hours: 'always',
  });
  expect(policy.statusCode, policy.body).toBe(201);
  policyId = policy.json().id;
});
afterAll(async () => {
  await t?.close();
  await smtp.stop();
});

/** Default template answers: S = 0.2·25 = 5 (SCORING.md §2 with weights 30/40/20/10) — negative. */
const NEGATIVE = { response_speed: 1, technical_ability: 1, attitude: 2, problem_resolved: false };
/** S = 80 (the worked example). */
const GOOD = DEFAULT_TEMPLATE_ANSWERS;
const MIN = 60_000;
const links = () => ({ appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl });

async function putSettings(over: object) {
  const res = await admin.request({
    method: 'PUT',
    url: '/api/v1/delivery-settings',
    payload: { ...DEFAULT_DELIVERY_SETTINGS, retry: { maxRetries: 3, baseSeconds: 30 }, ...over },
  });
  expect(res.statusCode, res.body).toBe(200);
}

async function rateThrough(invitationId: string, answers: Record<string, unknown>) {
  const token = invitationToken(t.ctx.appSecret, invitationId);
  const res = await t.anon.post(`/api/v1/public/invitations/${token}/ratings`, { answers });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/**
 * A work order of `departmentId` whose customer (a fresh e-mail address) was invited and delivered a day ago, rated
 * negatively, and the case opened by hand with the 24/7 policy.
 */
async function negativeCase(departmentId: string) {
  const email = `c-${randomUUID().slice(0, 8)}@example.com`;
  const wo = await workOrderFactory(t.ctx, {
    departmentId,
    customer: { name: 'Li Lei', email, locale: 'en' },
  });
  const { invitation } = await createInvitation(t.ctx.db, links(), {
    workOrderId: wo.id,
    templateVersionId: version,
    source: 'rule',
    contact: { name: 'Li Lei', email, locale: 'en' },
    channels: ['email'],
  });
  await t.ctx.db
    .update(invitations)
    .set({ status: 'delivered', deliveredAt: new Date(Date.now() - 86_400_000) })
    .where(eq(invitations.id, invitation.id));
  const ratingId = await rateThrough(invitation.id, NEGATIVE);
  const opened = await admin.post('/api/v1/cases', { ratingId, policyId });
  expect(opened.statusCode, opened.body).toBe(201);
  return { wo, email, ratingId, caseId: opened.json().id as string };
}

/** Starts the case's clock at a known instant, so that its moves at chosen instants use a known working time. */
async function clockFrom(caseId: string, at: Date) {
  await t.ctx.db.execute(
    sql`update remediation_cases set running_since = ${at.toISOString()}::timestamptz where id = ${caseId}::uuid`,
  );
}

const move = (caseId: string, status: 'contacted' | 'resolved', at: Date) =>
  changeCaseStatus(t.ctx.db, t.ctx.jobs, SYSTEM_ACTOR, caseId, { status }, at);

async function reinvite(caseId: string, body: object = {}) {
  const res = await admin.post(`/api/v1/cases/${caseId}/reinvite`, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const readCase = async (id: string) => (await admin.get(`/api/v1/cases/${id}`)).json();
const invitationRow = async (id: string) =>
  (await t.ctx.db.select().from(invitations).where(eq(invitations.id, id)))[0]!;

describe('recovery', () => {
  it('re-invites only a resolved case, exempt from the fatigue cap (and says so); the re-rating links with before/after', async () => {
    const team = await departmentFactory(t.ctx.db, { kind: 'team' });
    const { wo, email, caseId } = await negativeCase(team.id);
    await putSettings({ fatigueDays: 30 });

    // Not resolved yet: refused, naming the status.
    const early = await admin.post(`/api/v1/cases/${caseId}/reinvite`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().errors).toEqual([
      { path: 'status', code: 'wrong_status', message: 'is open', params: { status: 'open' } },
    ]);
    expect((await readCase(caseId)).recovery).toEqual({
      scoreBefore: 5,
      invitationId: null,
      reinvitedAt: null,
      ratingId: null,
      scoreAfter: null,
      recovered: null,
    });

    // The customer is capped: an automatic invitation to the same address now fails with `fatigue`.
    const automatic = await newInvitation(t, { channels: ['email'], contact: { name: 'Li Lei', email, locale: 'en' } });
    await step(t, { invitationId: automatic.id });
    expect((await invitationRow(automatic.id)).status).toBe('failed');
    const [capped] = await t.ctx.db
      .select()
      .from(invitationDeliveries)
      .where(eq(invitationDeliveries.invitationId, automatic.id));
    expect(capped!.failureReason).toBe('fatigue');
    expect(smtp.mails.filter((m) => m.envelope.to.includes(email))).toHaveLength(0);

    const resolved = await admin.post(`/api/v1/cases/${caseId}/status`, { status: 'resolved' });
    expect(resolved.statusCode).toBe(200);
    const after = await reinvite(caseId, { note: 'Fault fixed on the second visit' });
    const invitationId = after.recovery.invitationId as string;
    expect(invitationId).toEqual(expect.any(String));
    expect(after.recovery).toMatchObject({ scoreBefore: 5, ratingId: null, scoreAfter: null, recovered: null });
    expect(after.entries.at(-1)).toMatchObject({
      kind: 'reinvited',
      text: 'Fault fixed on the second visit',
      data: { invitationId, channels: ['email'], fatigueExempt: true, templateVersionId: version },
    });
    const inv = await invitationRow(invitationId);
    expect(inv).toMatchObject({ workOrderId: wo.id, source: 'recovery', nodeId: null, channels: ['email'] });
    expect(inv.contact).toMatchObject({ email });

    // The delivery job (enqueued with the invitation) sends it despite the cap.
    const delivered = await until(
      () => invitationRow(invitationId),
      (r) => r.status === 'delivered',
    );
    expect(delivered.status).toBe('delivered');
    expect(smtp.mails.filter((m) => m.envelope.to.includes(email))).toHaveLength(1);

    // The work order's timeline says it is a recovery re-survey, exempt from the cap.
    const timeline = (await admin.get(`/api/v1/work-orders/${wo.id}/timeline`)).json();
    const items = (timeline.items ?? timeline) as { type: string; subjectId: string; data: Record<string, unknown> }[];
    const created = items.find((e) => e.type === 'invitation.created' && e.subjectId === invitationId);
    expect(created?.data).toMatchObject({
      source: 'recovery',
      caseId,
      caseNumber: after.number,
      fatigueExempt: true,
    });

    // A second re-invitation while the first is open is refused.
    const twice = await admin.post(`/api/v1/cases/${caseId}/reinvite`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().errors[0]).toMatchObject({ path: 'recovery', code: 'is_taken' });

    // The customer answers the re-survey (S = 80): the processor links it to the case.
    const recoveryRatingId = await rateThrough(invitationId, GOOD);
    const linked = await until(
      () => readCase(caseId),
      (c) => c.recovery.ratingId !== null,
    );
    expect(linked.recovery).toEqual({
      scoreBefore: 5,
      invitationId,
      reinvitedAt: after.recovery.reinvitedAt,
      ratingId: recoveryRatingId,
      scoreAfter: 80,
      recovered: true,
    });
    expect(linked.entries.at(-1)).toMatchObject({
      kind: 'rerated',
      actorType: 'system',
      data: { ratingId: recoveryRatingId, score: 80, class: 'satisfied', recovered: true },
    });
    // … and records `case.rerated`, which refreshes the case page live and is the webhook of the same name.
    const rerated = (await admin.get(`/api/v1/work-orders/${wo.id}/timeline`)).json();
    const reratedItems = (rerated.items ?? rerated) as { type: string; subjectId: string; data: object }[];
    expect(reratedItems.find((e) => e.type === 'case.rerated')).toMatchObject({
      subjectId: caseId,
      data: { number: after.number, ratingId: recoveryRatingId, score: 80, class: 'satisfied', recovered: true },
    });
    const answered = await admin.post(`/api/v1/cases/${caseId}/reinvite`, {});
    expect(answered.statusCode).toBe(409);
    expect(answered.json().errors[0]).toMatchObject({ path: 'recovery', code: 'is_taken' });
    await putSettings({});
  });

  it('takes a chosen template and channel, and refuses an unknown template', async () => {
    const team = await departmentFactory(t.ctx.db, { kind: 'team' });
    const { caseId } = await negativeCase(team.id);
    await admin.post(`/api/v1/cases/${caseId}/status`, { status: 'resolved' });
    const unknown = await admin.post(`/api/v1/cases/${caseId}/reinvite`, { templateId: randomUUID() });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ path: 'templateId', code: 'not_found' });
    const badChannel = await admin.post(`/api/v1/cases/${caseId}/reinvite`, { channels: ['qr'] });
    expect(badChannel.statusCode).toBe(400);

    const [template] = await t.ctx.db
      .select({ id: ratingTemplateVersions.templateId })
      .from(ratingTemplateVersions)
      .where(eq(ratingTemplateVersions.id, version));
    const chosen = await reinvite(caseId, { templateId: template!.id, channels: ['sms', 'email'] });
    const inv = await invitationRow(chosen.recovery.invitationId);
    expect(inv).toMatchObject({ source: 'recovery', channels: ['sms', 'email'], templateVersionId: version });
  });

  it('two re-invitations at once: one invitation, the other refused', async () => {
    const team = await departmentFactory(t.ctx.db, { kind: 'team' });
    const { wo, caseId } = await negativeCase(team.id);
    await admin.post(`/api/v1/cases/${caseId}/status`, { status: 'resolved' });
    const answers = await Promise.all([0, 1, 2].map(() => admin.post(`/api/v1/cases/${caseId}/reinvite`, {})));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409]);
    const recoveries = await t.ctx.db.select().from(invitations).where(eq(invitations.workOrderId, wo.id));
    expect(recoveries.filter((i) => i.source === 'recovery')).toHaveLength(1);
    const entries = (await readCase(caseId)).entries as { kind: string }[];
    expect(entries.filter((e) => e.kind === 'reinvited')).toHaveLength(1);
  });

  it('reports the recovery rate (recovered / re-invited) and the time to first contact, in total and per team', async () => {
    const region = await departmentFactory(t.ctx.db, { kind: 'region' });
    const teamA = await departmentFactory(t.ctx.db, { kind: 'team', parentId: region.id });
    const teamB = await departmentFactory(t.ctx.db, { kind: 'team', parentId: region.id });
    const t0 = new Date(Date.now() - 6 * 3_600_000);
    const at = (minutes: number) => new Date(t0.getTime() + minutes * MIN);

    // Team A: four cases in the period (+ one opened long ago); team B: one.
    //   case  first contact  re-invited  re-rating         recovered
    //   A1    30 min         yes         S 80              yes
    //   A2    90 min         yes         S 5 (negative)    no
    //   A3    60 min         yes         not answered      no
    //   A4    120 min        no          —                 —
    //   B1    10 min         yes         S 80              yes
    const plan = [
      { team: teamA.id, contact: 30, reinvite: true, answers: GOOD },
      { team: teamA.id, contact: 90, reinvite: true, answers: NEGATIVE },
      { team: teamA.id, contact: 60, reinvite: true, answers: null },
      { team: teamA.id, contact: 120, reinvite: false, answers: null },
      { team: teamB.id, contact: 10, reinvite: true, answers: GOOD },
    ];
    const cases: { caseId: string; invitationId: string | null; answered: boolean }[] = [];
    for (const p of plan) {
      const { caseId } = await negativeCase(p.team);
      await clockFrom(caseId, t0);
      // A3 and A4 go straight to resolved: resolving reaches the customer too (the first contact's time).
      if (p.contact === 60 || p.contact === 120) await move(caseId, 'resolved', at(p.contact));
      else {
        await move(caseId, 'contacted', at(p.contact));
        await move(caseId, 'resolved', at(p.contact + 5));
      }
      const invitationId = p.reinvite ? ((await reinvite(caseId)).recovery.invitationId as string) : null;
      if (invitationId && p.answers) await rateThrough(invitationId, p.answers);
      cases.push({ caseId, invitationId, answered: !!p.answers });
    }
    // Opened long before the period: not counted, though re-invited and recovered.
    const old = await negativeCase(teamA.id);
    await move(old.caseId, 'resolved', new Date());
    const oldInvitation = (await reinvite(old.caseId)).recovery.invitationId as string;
    await rateThrough(oldInvitation, GOOD);
    await t.ctx.db.execute(
      sql`update remediation_cases set created_at = '2020-01-06T00:00:00Z' where id = ${old.caseId}::uuid`,
    );
    // Every answered re-survey linked by the processor.
    for (const c of [...cases.filter((x) => x.answered), { caseId: old.caseId }]) {
      const linked = await until(
        () => readCase(c.caseId),
        (v) => v.recovery.ratingId !== null,
      );
      expect(linked.recovery.ratingId).not.toBeNull();
    }
    const a2 = await readCase(cases[1]!.caseId);
    expect(a2.recovery).toMatchObject({ scoreBefore: 5, scoreAfter: 5, recovered: false });

    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const res = await admin.get(
      `/api/v1/analytics/recovery?departmentId=${region.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&store=X`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // Region: 5 cases, 4 re-invited, 3 re-rated, 2 recovered → 50 %; first contact (30+90+60+120+10)/5 = 62 min.
    expect(body).toMatchObject({
      cases: 5,
      reinvited: 4,
      rerated: 3,
      recovered: 2,
      recoveryRate: 50,
      firstContacts: 5,
      averageFirstContactMs: 62 * MIN,
      ignoredFilters: ['store'],
    });
    const byTeam = new Map(body.byTeam.map((r: { departmentId: string }) => [r.departmentId, r]));
    // A: 1 of 3 re-invited recovered; first contact (30+90+60+120)/4 = 75 min. B: 1 of 1; 10 min.
    expect(byTeam.get(teamA.id)).toMatchObject({
      departmentName: teamA.name,
      cases: 4,
      reinvited: 3,
      rerated: 2,
      recovered: 1,
      firstContacts: 4,
      averageFirstContactMs: 75 * MIN,
    });
    expect((byTeam.get(teamA.id) as { recoveryRate: number }).recoveryRate).toBeCloseTo(100 / 3, 10);
    expect(byTeam.get(teamB.id)).toMatchObject({
      cases: 1,
      reinvited: 1,
      recovered: 1,
      recoveryRate: 100,
      averageFirstContactMs: 10 * MIN,
    });
    expect(body.byTeam).toHaveLength(2);

    // Without a period the old case counts too: 6 cases, 5 re-invited, 3 recovered.
    const all = (await admin.get(`/api/v1/analytics/recovery?departmentId=${region.id}`)).json();
    expect(all).toMatchObject({ cases: 6, reinvited: 5, recovered: 3, recoveryRate: 60 });

    // A supervisor of team B sees team B only; team A is outside their scope (404, as for analytics).
    const supervisor = await t.loginAs(['supervisor'], { departmentId: teamB.id });
    const own = (await supervisor.get(`/api/v1/analytics/recovery?from=${encodeURIComponent(from)}`)).json();
    expect(own).toMatchObject({ cases: 1, reinvited: 1, recovered: 1, recoveryRate: 100 });
    expect((await supervisor.get(`/api/v1/analytics/recovery?departmentId=${teamA.id}`)).statusCode).toBe(404);
  });
});
