import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import { templateFactory, workOrderFactory } from '../../../../test/support/factories.js';
import { invitationFactory } from '../../../../test/support/invitations.js';
import type { Dimension } from '../../../common/scoring/index.js';
import { drainAnalytics } from './test-fixtures.js';

/** The ratings list words each answer like the work-order page does, in the console's language: options by label. */
const DIMENSIONS: Dimension[] = [
  { key: 'speed', type: 'star5', required: true, weight: 1, label: { 'zh-CN': '速度', en: 'Speed' } },
  {
    key: 'visit',
    type: 'single_choice',
    required: false,
    weight: 1,
    label: { 'zh-CN': '上门', en: 'Visit' },
    options: [
      { key: 'on_time', label: { 'zh-CN': '准时', en: 'On time' }, score: 100 },
      { key: 'late', label: { 'zh-CN': '迟到', en: 'Late' }, score: 0 },
    ],
  },
  {
    key: 'liked',
    type: 'multi_choice',
    required: false,
    weight: 0,
    label: { 'zh-CN': '喜欢', en: 'Liked' },
    options: [
      { key: 'tidy', label: { 'zh-CN': '整洁', en: 'Tidy' } },
      { key: 'polite', label: { 'zh-CN': '礼貌', en: 'Polite' } },
    ],
  },
  { key: 'fixed', type: 'yes_no', required: false, weight: 1, label: { 'zh-CN': '已解决', en: 'Fixed' } },
];

let t: TestApp;
let analyst: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  const template = await templateFactory(t.ctx.db, { dimensions: DIMENSIONS });
  const workOrder = await workOrderFactory(t.ctx);
  const inv = await invitationFactory(
    t.ctx.db,
    { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl },
    { templateVersionId: template.publishedVersionId!, workOrderId: workOrder.id },
  );
  const res = await t.anon.post(`${inv.api}/ratings`, {
    answers: { speed: 4, visit: 'late', liked: ['polite', 'tidy'], fixed: true },
  });
  expect(res.statusCode, res.body).toBe(201);
  await drainAnalytics(t);
  analyst = await t.loginAs(['analyst']);
});
afterAll(async () => {
  await t?.close();
});

async function firstItem(query: string, headers: Record<string, string> = {}) {
  const res = await analyst.request({ method: 'GET', url: `/api/v1/analytics/ratings${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().items).toHaveLength(1);
  return res.json().items[0];
}

describe('GET /api/v1/analytics/ratings answerTexts', () => {
  it('words choices by their options’ labels in the Accept-Language, keeps the raw answers beside them', async () => {
    const item = await firstItem('', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    expect(item.answers).toEqual({ speed: 4, visit: 'late', liked: ['polite', 'tidy'], fixed: true });
    expect(item.answerTexts).toEqual({
      speed: { label: '速度', text: '4 / 5' },
      visit: { label: '上门', text: '迟到' },
      liked: { label: '喜欢', text: '礼貌、整洁' },
      fixed: { label: '已解决', text: '是' },
    });
  });

  it('`lang` wins over the header; without either the organisation’s default language (zh-CN) applies', async () => {
    const english = await firstItem('?lang=en', { 'accept-language': 'zh-CN' });
    expect(english.answerTexts).toEqual({
      speed: { label: 'Speed', text: '4 / 5' },
      visit: { label: 'Visit', text: 'Late' },
      liked: { label: 'Liked', text: 'Polite, Tidy' },
      fixed: { label: 'Fixed', text: 'Yes' },
    });
    expect((await firstItem('')).answerTexts.visit).toEqual({ label: '上门', text: '迟到' });
  });
});
