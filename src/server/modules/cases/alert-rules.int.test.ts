import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import {
  departmentFactory,
  employeeFactory,
  templateFactory,
  workOrderFactory,
} from '../../../../test/support/factories.js';
import { defaultTemplateVersionId, invitationFactory } from '../../../../test/support/invitations.js';
import { alerts } from '../../db/schema/alerts.js';
import { remediationCases } from '../../db/schema/cases.js';
import { domainEvents } from '../../db/schema/events.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import type { DomainEventType } from '../events/events.service.js';
import type { PositionedEvent } from '../events/positions.js';
import type { ProcessorContext } from '../events/processors.js';
import { requestContact } from '../ratings/ratings.service.js';
import { findRatings } from '../ratings/ratings-by-id.js';
import { alertsProcessor } from './alerts.processor.js';

/**
 * Alert rules end to end on a real database: ratings submitted through the public API, the `alerts` processor's
 * handler run in a transaction as the runner runs it (twice, for a replay), then the alerts, cases and events read
 * back. Every test works in departments of its own, and scopes its rules to them, so the rules of one test do not
 * match another's ratings (the seeded default rule, "negative rating", applies everywhere).
 */
let t: TestApp;
let admin: TestClient;
let version: string;
beforeAll(async () => {
  t = await createTestApp({ publicRateLimits: { perIpPerMinute: 100_000 } });
  admin = await t.loginAs(['admin']);
  version = await defaultTemplateVersionId(t.ctx.db);
});
afterAll(async () => {
  await t?.close();
});

const NEGATIVE = { response_speed: 1, technical_ability: 1, attitude: 2, problem_resolved: false };
const GOOD = { response_speed: 5, technical_ability: 5, attitude: 5, problem_resolved: true };

async function rate(workOrderId: string, answers: Record<string, unknown>, templateVersionId = version) {
  const inv = await invitationFactory(
    t.ctx.db,
    { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl },
    { templateVersionId, workOrderId },
  );
  const res = await t.anon.post(`${inv.api}/ratings`, { answers });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

/** The processor's handler for one event, in a transaction of its own (as `runProcessorBatch` runs it). */
async function handle(ratingId: string, type: DomainEventType = 'rating.submitted') {
  await t.ctx.db.transaction((tx) =>
    alertsProcessor.handle(
      { type, subjectType: 'rating', subjectId: ratingId } as PositionedEvent,
      {
        tx,
        jobs: t.ctx.jobs,
        config: t.ctx.config,
        appSecret: t.ctx.appSecret,
        now: () => new Date(),
        log: t.ctx.log,
      } as ProcessorContext,
    ),
  );
}

const alertsOf = (ratingId: string) =>
  t.ctx.db.select().from(alerts).where(eq(alerts.ratingId, ratingId)).orderBy(alerts.createdAt, alerts.ruleName);
const casesOf = (ratingId: string) =>
  t.ctx.db.select().from(remediationCases).where(eq(remediationCases.ratingId, ratingId));
const raisedEvents = async (alertIds: string[]) =>
  (
    await t.ctx.db
      .select()
      .from(domainEvents)
      .where(and(eq(domainEvents.type, 'alert.raised')))
  ).filter((e) => e.subjectId && alertIds.includes(e.subjectId));

/** A region with a manager and a team with its own manager; a work order in the team. */
async function setting() {
  const regionManager = await employeeFactory(t.ctx.db, { roles: ['supervisor'] });
  const teamManager = await employeeFactory(t.ctx.db, { roles: ['supervisor'] });
  const region = await departmentFactory(t.ctx.db, { kind: 'region', managerId: regionManager.id });
  const team = await departmentFactory(t.ctx.db, { kind: 'team', parentId: region.id, managerId: teamManager.id });
  const wo = await workOrderFactory(t.ctx, { departmentId: team.id });
  return { regionManager, teamManager, region, team, wo };
}

const inDepartment = (id: string) => ({ field: 'department', operator: 'in', value: [id] });

async function createRule(body: Record<string, unknown>) {
  const res = await admin.post('/api/v1/alert-rules', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string; priority: number };
}

describe('alert rules: the processor', () => {
  it('the default rule: a negative rating raises one alert, opens one case for the responsible manager, and a replay doubles nothing', async () => {
    const { teamManager, wo } = await setting();
    const good = await rate(wo.id, GOOD);
    const bad = await rate(wo.id, NEGATIVE);
    await handle(good);
    await handle(bad);
    await handle(bad); // the event delivered again (at least once)

    expect(await alertsOf(good)).toEqual([]);
    const [alert, ...more] = await alertsOf(bad);
    expect(more).toEqual([]);
    const [opened, ...otherCases] = await casesOf(bad);
    expect(otherCases).toEqual([]);
    expect(opened).toMatchObject({ severity: 'high', ownerId: teamManager.id, workOrderId: wo.id });
    expect(alert).toMatchObject({ severity: 'high', caseId: opened!.id, notify: [teamManager.id], workOrderId: wo.id });
    const events = await raisedEvents([alert!.id]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ workOrderId: wo.id, subjectType: 'alert', subjectId: alert!.id });
    expect(events[0]!.data).toEqual({
      ruleId: alert!.ruleId,
      ruleName: alert!.ruleName,
      severity: 'high',
      ratingId: bad,
      caseId: opened!.id,
      caseNumber: opened!.number,
      notify: [teamManager.id],
    });
  });

  it('two deliveries of the same event racing (two workers, a replay during a slow commit) raise one alert, one case, one event', async () => {
    const { wo } = await setting();
    const ratings = [await rate(wo.id, NEGATIVE), await rate(wo.id, NEGATIVE)];
    // On PostgreSQL both transactions really run at once: the second waits on the unique indexes, then adds nothing.
    await Promise.all(ratings.flatMap((id) => [handle(id), handle(id), handle(id)]));
    for (const id of ratings) {
      const raised = await alertsOf(id);
      expect(raised).toHaveLength(1);
      const cases = await casesOf(id);
      expect(cases).toHaveLength(1);
      expect(raised[0]!.caseId).toBe(cases[0]!.id);
      expect(await raisedEvents([raised[0]!.id])).toHaveLength(1);
    }
  });

  it('priority order: the first rule that opens cases sets the case’s severity and SLA policy; later matches link to it; disabled rules are skipped', async () => {
    const { regionManager, teamManager, region, wo } = await setting();
    const watcher = await employeeFactory(t.ctx.db, { roles: ['follow_up_agent'] });
    const policy = await admin.post('/api/v1/sla-policies', {
      name: `Urgent ${Date.now()}`,
      firstContactMinutes: 30,
      resolutionMinutes: 240,
      hours: 'always',
    });
    expect(policy.statusCode, policy.body).toBe(201);
    const critical = await createRule({
      name: 'Critical region',
      priority: 1,
      condition: {
        combinator: 'and',
        rules: [inDepartment(region.id), { field: 'rating.stars', operator: '<=', value: 2 }],
      },
      severity: 'critical',
      openCase: true,
      slaPolicyId: policy.json().id,
      notify: { responsibleManager: false, managementChain: true, employeeIds: [watcher.id] },
    });
    expect(critical.priority).toBe(1);
    const disabled = await createRule({
      name: 'Disabled',
      priority: 1,
      enabled: false,
      condition: { combinator: 'and', rules: [inDepartment(region.id)] },
      severity: 'low',
      notify: { employeeIds: [watcher.id] },
    });

    const bad = await rate(wo.id, NEGATIVE);
    await handle(bad);
    const raised = await alertsOf(bad);
    expect(raised.map((a) => a.ruleId).sort()).toEqual([critical.id, await defaultRuleId()].sort());
    expect(raised.find((a) => a.ruleId === disabled.id)).toBeUndefined();
    const [opened] = await casesOf(bad);
    expect(opened).toMatchObject({
      severity: 'critical',
      policyId: policy.json().id,
      firstContactMinutes: 30,
      resolutionMinutes: 240,
    });
    const byRule = new Map(raised.map((a) => [a.ruleId, a]));
    expect(byRule.get(critical.id)).toMatchObject({
      severity: 'critical',
      caseId: opened!.id,
      // managers up the tree (team, then region), then the named employee
      notify: [teamManager.id, regionManager.id, watcher.id],
    });
    // The default rule matched too: its alert links the same (one) case.
    expect(byRule.get(await defaultRuleId())).toMatchObject({ severity: 'high', caseId: opened!.id });
    const events = await raisedEvents(raised.map((a) => a.id));
    expect(events.map((e) => (e.data as { notify: string[] }).notify).sort()).toEqual(
      [[teamManager.id], [teamManager.id, regionManager.id, watcher.id]].sort(),
    );
    await admin.delete(`/api/v1/alert-rules/${critical.id}`);
    await admin.delete(`/api/v1/alert-rules/${disabled.id}`);
  });

  it('stopAfterMatch ends the walk: later rules (the default one too) raise nothing, and no case opens', async () => {
    const { region, wo } = await setting();
    const first = await createRule({
      name: 'Only this one',
      priority: 1,
      condition: { combinator: 'and', rules: [inDepartment(region.id)] },
      severity: 'low',
      stopAfterMatch: true,
    });
    const bad = await rate(wo.id, NEGATIVE);
    await handle(bad);
    const raised = await alertsOf(bad);
    expect(raised.map((a) => a.ruleId)).toEqual([first.id]);
    expect(raised[0]).toMatchObject({ severity: 'low', caseId: null });
    expect(await casesOf(bad)).toEqual([]);
    await admin.delete(`/api/v1/alert-rules/${first.id}`);
  });

  it('each condition on real ratings: a yes/no answer, a dimension, keywords (Chinese and English), NPS, work-order scope', async () => {
    const { team, wo } = await setting();
    const elsewhere = await workOrderFactory(t.ctx, { departmentId: (await departmentFactory(t.ctx.db)).id });
    const scope = inDepartment(team.id);
    const unresolved = await createRule({
      name: 'Not resolved',
      condition: {
        combinator: 'and',
        rules: [scope, { field: 'rating.answers.problem_resolved', operator: '=', value: false }],
      },
      severity: 'medium',
    });
    const attitude = await createRule({
      name: 'Attitude',
      condition: { combinator: 'and', rules: [scope, { field: 'rating.answers.attitude', operator: '<=', value: 2 }] },
      severity: 'medium',
    });
    const words = await createRule({
      name: 'Words',
      condition: {
        combinator: 'and',
        rules: [scope, { field: 'rating.comment', operator: 'containsKeyword', value: ['不满意', 'rude'] }],
      },
      severity: 'high',
    });
    const detractor = await createRule({
      name: 'Detractor',
      condition: {
        combinator: 'and',
        rules: [scope, { field: 'rating.npsCategory', operator: '=', value: 'detractor' }],
      },
      severity: 'medium',
    });
    const rulesOf = async (ratingId: string) => {
      await handle(ratingId);
      return (await alertsOf(ratingId)).map((a) => a.ruleName).sort();
    };

    // Good stars, but the problem was not solved (S = 90: not negative, the default rule stays quiet).
    expect(await rulesOf(await rate(wo.id, { ...GOOD, problem_resolved: false }))).toEqual(['Not resolved']);
    expect(await rulesOf(await rate(wo.id, { ...GOOD, attitude: 2 }))).toEqual(['Attitude']);
    const unhappy = await rate(wo.id, { ...GOOD, suggestions: '师傅迟到了，很不满意' });
    expect(await rulesOf(unhappy)).toEqual(['Words']);
    expect((await alertsOf(unhappy))[0]!.keywords).toEqual(['不满意']);
    expect(await rulesOf(await rate(wo.id, { ...GOOD, suggestions: '非常满意' }))).toEqual([]);
    expect(await rulesOf(await rate(wo.id, { ...GOOD, suggestions: 'He was rude.' }))).toEqual(['Words']);
    // "rude" inside another word is not the word.
    expect(await rulesOf(await rate(wo.id, { ...GOOD, suggestions: 'No rudeness at all' }))).toEqual([]);
    // The same answers on a work order outside the scope: nothing.
    expect(await rulesOf(await rate(elsewhere.id, { ...GOOD, problem_resolved: false, attitude: 1 }))).toEqual([]);

    const nps = await templateFactory(t.ctx.db, {
      dimensions: [
        { key: 'recommend', type: 'nps', required: true, weight: 1, label: { 'zh-CN': '推荐', en: 'Recommend' } },
      ],
    });
    expect(await rulesOf(await rate(wo.id, { recommend: 6 }, nps.publishedVersionId!))).toEqual(['Detractor']);
    expect(await rulesOf(await rate(wo.id, { recommend: 7 }, nps.publishedVersionId!))).toEqual([]);

    for (const r of [unresolved, attitude, words, detractor]) await admin.delete(`/api/v1/alert-rules/${r.id}`);
  });

  it('the customer’s “contact me”: evaluated again on rating.contact_requested, raising only what is new', async () => {
    const { team, teamManager, wo } = await setting();
    const agent = await employeeFactory(t.ctx.db, { roles: ['follow_up_agent'] });
    const contact = await createRule({
      name: 'Call back',
      condition: {
        combinator: 'and',
        rules: [inDepartment(team.id), { field: 'rating.contactRequested', operator: '=', value: true }],
      },
      severity: 'high',
      openCase: true,
      notify: { responsibleManager: false, employeeIds: [agent.id] },
    });
    const bad = await rate(wo.id, NEGATIVE);
    await handle(bad);
    expect((await alertsOf(bad)).map((a) => a.ruleName)).toEqual([await defaultRuleName()]);

    const [rating] = await findRatings(t.ctx.db, [bad]);
    expect(await requestContact(t.ctx.db, SYSTEM_ACTOR, rating!)).toBe(true);
    await handle(bad, 'rating.contact_requested');
    await handle(bad, 'rating.contact_requested');
    const raised = await alertsOf(bad);
    expect(raised).toHaveLength(2);
    const [opened, ...more] = await casesOf(bad);
    expect(more).toEqual([]);
    expect(opened!.ownerId).toBe(teamManager.id);
    const callBack = raised.find((a) => a.ruleId === contact.id)!;
    expect(callBack).toMatchObject({ caseId: opened!.id, notify: [agent.id] });
    const [event] = await raisedEvents([callBack.id]);
    expect(event!.data).toMatchObject({ ruleName: 'Call back', caseId: opened!.id, notify: [agent.id] });
    await admin.delete(`/api/v1/alert-rules/${contact.id}`);
  });
});

async function defaultRule() {
  const items = (await admin.get('/api/v1/alert-rules')).json().items as {
    id: string;
    name: string;
    condition: { rules: { field: string }[] };
  }[];
  return items.find((r) => r.condition.rules[0]?.field === 'rating.class')!;
}
const defaultRuleId = async () => (await defaultRule()).id;
const defaultRuleName = async () => (await defaultRule()).name;

describe('alert rules: the API', () => {
  it('is seeded with the default rule: negative rating, severity high, opens a case, tells the responsible manager', async () => {
    const rule = await defaultRule();
    expect(rule).toMatchObject({
      enabled: true,
      condition: { combinator: 'and', rules: [{ field: 'rating.class', operator: '=', value: 'negative' }] },
      severity: 'high',
      openCase: true,
      slaPolicyId: null,
      notify: { responsibleManager: true, managementChain: false, employeeIds: [] },
      stopAfterMatch: false,
    });
  });

  it('creates, reads, changes, reorders and deletes, each audited; keeps positions 1..n', async () => {
    const a = await createRule({
      name: 'A',
      condition: { combinator: 'and', rules: [{ field: 'rating.score', operator: '<', value: '50' }] },
    });
    expect(a).toMatchObject({ severity: 'medium', openCase: false, enabled: true });
    const b = await createRule({ name: 'B', priority: 1, condition: { combinator: 'and', rules: [] } });
    const order = async () =>
      (await admin.get('/api/v1/alert-rules')).json().items as { id: string; priority: number }[];
    let items = await order();
    expect(items.map((r) => r.priority)).toEqual(items.map((_, i) => i + 1));
    expect(items[0]!.id).toBe(b.id);
    expect(items.at(-1)!.id).toBe(a.id);

    const patched = await admin.patch(`/api/v1/alert-rules/${a.id}`, {
      name: 'A2',
      notify: { managementChain: true },
      priority: 1,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'A2',
      priority: 1,
      notify: { responsibleManager: true, managementChain: true, employeeIds: [] },
      condition: { rules: [{ value: 50 }] },
    });
    items = await order();
    const reversed = items.map((r) => r.id).reverse();
    const reordered = await admin.post('/api/v1/alert-rules/reorder', { ids: reversed });
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect(reordered.json().items.map((r: { id: string }) => r.id)).toEqual(reversed);
    const partial = await admin.post('/api/v1/alert-rules/reorder', { ids: reversed.slice(1) });
    expect(partial.statusCode).toBe(400);
    expect(partial.json().errors[0]).toMatchObject({ path: 'ids', code: 'missing_items' });

    expect((await admin.get(`/api/v1/alert-rules/${a.id}`)).json().name).toBe('A2');
    expect((await admin.delete(`/api/v1/alert-rules/${a.id}`)).statusCode).toBe(204);
    expect((await admin.delete(`/api/v1/alert-rules/${b.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/alert-rules/${a.id}`)).statusCode).toBe(404);
    items = await order();
    expect(items.map((r) => r.priority)).toEqual(items.map((_, i) => i + 1));

    const audit = (await admin.get('/api/v1/audit-events?entityType=alert_rule&limit=100')).json().items as {
      action: string;
      entityId: string | null;
    }[];
    const actions = audit.filter((e) => e.entityId === a.id || e.entityId === null).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'alert_rule.created',
        'alert_rule.updated',
        'alert_rule.reordered',
        'alert_rule.deleted',
      ]),
    );
  });

  it('refuses bad input with problem+json naming each field', async () => {
    const post = (body: unknown) => admin.post('/api/v1/alert-rules', body);
    const codes = (res: { json(): { errors?: { path: string; code: string }[] } }) =>
      (res.json().errors ?? []).map((e) => [e.path, e.code]);

    const bad = await post({
      name: 'Bad',
      condition: {
        combinator: 'and',
        rules: [
          { field: 'rating.mood', operator: '=', value: 1 },
          { field: 'rating.comment', operator: '=', value: 'x' },
          { field: 'rating.dimensions.attitude', operator: '<=', value: 250 },
          { field: 'serviceTypeId', operator: '=', value: 'nope' },
        ],
      },
      slaPolicyId: '00000000-0000-4000-8000-000000000000',
      notify: { employeeIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(codes(bad)).toEqual([
      ['condition.rules.0.field', 'not_found'],
      ['condition.rules.1.operator', 'invalid_choice'],
      ['condition.rules.2.value', 'out_of_range'],
      ['condition.rules.3.value', 'invalid_uuid'],
      ['slaPolicyId', 'not_found'],
      ['notify.employeeIds.0', 'not_found'],
    ]);

    const schema = await post({ name: '', severity: 'apocalyptic', condition: { combinator: 'xor', rules: [] } });
    expect(schema.statusCode).toBe(400);
    expect(codes(schema).map(([path]) => path)).toEqual(
      expect.arrayContaining(['name', 'severity', 'condition.combinator']),
    );

    const nul = await post({ name: 'a\u0000b', condition: { combinator: 'and', rules: [] } });
    expect(nul.statusCode).toBe(400);
    expect(codes(nul)).toEqual([['name', 'invalid_character']]);

    const long = await post({ name: 'x'.repeat(201), condition: { combinator: 'and', rules: [] } });
    expect(codes(long)).toEqual([['name', 'too_long']]);

    const keywords = await post({
      name: 'Too many keywords',
      condition: {
        combinator: 'and',
        rules: [
          {
            field: 'rating.comment',
            operator: 'containsKeyword',
            value: Array.from({ length: 51 }, (_, i) => `w${i}`),
          },
        ],
      },
    });
    expect(codes(keywords)).toEqual([['condition.rules.0.value', 'too_many']]);

    expect(
      (await admin.patch('/api/v1/alert-rules/00000000-0000-4000-8000-000000000000', { name: 'x' })).statusCode,
    ).toBe(404);
  });

  it('lets case workers read rules and alerts of their scope; only SLA writers change rules', async () => {
    const { team, wo } = await setting();
    const other = await setting();
    const bad = await rate(wo.id, NEGATIVE);
    const otherBad = await rate(other.wo.id, NEGATIVE);
    await handle(bad);
    await handle(otherBad);

    const supervisor = await t.loginAs(['supervisor'], { departmentId: team.id });
    expect((await supervisor.get('/api/v1/alert-rules')).statusCode).toBe(200);
    const fields = (await supervisor.get('/api/v1/alert-rules/fields')).json();
    expect(fields.ratingFields.map((f: { name: string }) => f.name)).toContain('rating.comment');
    // The published template's questions fill the prefixes: the builder offers them by name.
    expect(fields.questions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'attitude', type: 'star5', scored: true }),
        expect.objectContaining({ key: 'problem_resolved', type: 'yes_no', scored: true }),
      ]),
    );
    expect(fields.questions.find((q: { key: string }) => q.key === 'attitude').label.en).toMatch(/attitude/i);
    expect(fields.questions.map((q: { type: string }) => q.type)).not.toContain('text');
    const keysOf = (prefix: string) =>
      fields.prefixFields.find((f: { prefix: string }) => f.prefix === prefix).questionKeys;
    expect(keysOf('rating.dimensions.')).toContain('attitude');
    expect(keysOf('rating.answers.')).toContain('problem_resolved');
    const denied = await supervisor.post('/api/v1/alert-rules', {
      name: 'x',
      condition: { combinator: 'and', rules: [] },
    });
    expect(denied.statusCode).toBe(403);

    const seen = (await supervisor.get('/api/v1/alerts?limit=500')).json().items as { ratingId: string }[];
    expect(seen.map((a) => a.ratingId)).toContain(bad);
    expect(seen.map((a) => a.ratingId)).not.toContain(otherBad);
    const all = (await admin.get(`/api/v1/alerts?ratingId=${bad}`)).json().items;
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ ratingId: bad, workOrderNumber: wo.number, severity: 'high' });
    expect(all[0].caseNumber).toEqual(expect.any(Number));
    // Someone told of an alert sees it even when its work order is outside their departments.
    const outsider = await t.loginAs(['supervisor'], { departmentId: (await departmentFactory(t.ctx.db)).id });
    const tell = await createRule({
      name: 'Tell the outsider',
      condition: { combinator: 'and', rules: [inDepartment(other.team.id)] },
      notify: { responsibleManager: false, employeeIds: [outsider.employeeId] },
    });
    const third = await rate(other.wo.id, GOOD);
    await handle(third);
    const outsiders = (await outsider.get('/api/v1/alerts?limit=500')).json().items as { ratingId: string }[];
    expect(outsiders.map((a) => a.ratingId)).toEqual([third]);
    await admin.delete(`/api/v1/alert-rules/${tell.id}`);
  });
});
