import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
});
afterAll(async () => {
  await t?.close();
});

const put = (c: TestClient, url: string, payload: unknown) =>
  c.request({ method: 'PUT', url, payload: payload as object });
const star = (key: string, weight = 1) => ({
  key,
  type: 'star5',
  required: true,
  weight,
  label: { 'zh-CN': key, en: key },
});

describe('publishing validation', () => {
  const publishWith = async (dimensions: unknown[], weighting = true) => {
    const id = (await admin.post('/api/v1/rating-templates', { name: 'Validation' })).json().id;
    const saved = await put(admin, `/api/v1/rating-templates/${id}/draft`, { weighting, dimensions });
    expect(saved.statusCode).toBe(200); // drafts may be incomplete
    const res = await admin.post(`/api/v1/rating-templates/${id}/publish`);
    return { res, paths: res.statusCode === 400 ? res.json().errors.map((e: { path: string }) => e.path) : [] };
  };

  it('needs at least one dimension', async () => {
    const { res, paths } = await publishWith([]);
    expect(res.statusCode).toBe(400);
    expect(paths).toEqual(['dimensions']);
  });

  it('names every failing field', async () => {
    const choice = (key: string, type: string, options: unknown[]) => ({
      key,
      type,
      required: false,
      weight: 0,
      label: { 'zh-CN': '选', en: 'Pick' },
      options,
    });
    const { res, paths } = await publishWith([
      star('speed'),
      star('speed'), // 1: duplicate key
      { ...star('Bad-Key') }, // 2: key pattern
      { ...star('x'), label: { 'zh-CN': '  ', en: 'X' } }, // 3: blank zh-CN label
      choice('pick', 'single_choice', []), // 4: no options
      choice('pick2', 'single_choice', [
        { key: 'a', label: { 'zh-CN': '甲', en: 'A' }, score: 101 }, // 5.options.0.score
        { key: 'a', label: { 'zh-CN': '乙', en: '' } }, // 5.options.1.key + label.en
      ]),
      { ...star('inv'), inverted: true }, // 6: inverted on star5
      { ...star('len'), maxLength: 10 }, // 7: maxLength on star5
      { ...star('o1'), outcome: true },
      { ...star('o2'), outcome: true }, // 9: second outcome
      { ...star('neg'), weight: -1 }, // 10: negative weight
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(paths).toEqual(
      expect.arrayContaining([
        'dimensions.1.key',
        'dimensions.2.key',
        'dimensions.3.label.zh-CN',
        'dimensions.4.options',
        'dimensions.5.options.0.score',
        'dimensions.5.options.1.key',
        'dimensions.5.options.1.label.en',
        'dimensions.6.inverted',
        'dimensions.7.maxLength',
        'dimensions.9.outcome',
        'dimensions.10.weight',
      ]),
    );
    expect(paths).not.toContain('dimensions.0.key');
  });

  it('with weighting on, needs a positive weight on a scored dimension', async () => {
    const textOnly = { key: 'note', type: 'text', required: false, weight: 5, label: { 'zh-CN': '备注', en: 'Note' } };
    const { res, paths } = await publishWith([star('a', 0), textOnly]);
    expect(res.statusCode).toBe(400);
    expect(paths).toEqual(['dimensions']);
    expect((await publishWith([star('a', 0), textOnly], false)).res.statusCode).toBe(200);
  });

  it('rejects structurally invalid drafts at once, naming the field', async () => {
    const id = (await admin.post('/api/v1/rating-templates', { name: 'Structure' })).json().id;
    const res = await put(admin, `/api/v1/rating-templates/${id}/draft`, {
      dimensions: [star('a'), { ...star('b'), type: 'slider' }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('dimensions.1.type');
  });
});
