import fs from 'node:fs';
import path from 'node:path';
import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';
import { AUDIT_ENTITY_TYPES, auditActionText, auditEntityText } from './auditApi';

/** Every `action: '…'` and `entityType: '…'` literal of a `recordAudit(…)` call in the server's code. */
function recordedAudits() {
  const actions = new Set<string>();
  const entityTypes = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts') && !file.includes('.test.')) {
        const text = fs.readFileSync(file, 'utf8');
        for (const call of text.split('recordAudit(').slice(1)) {
          const head = call.slice(0, 800);
          // `action: 'a.b'` or `action: cond ? 'a.b' : 'a.c'`
          for (const expr of head.matchAll(/action: ([^,\n]+)/g)) {
            for (const m of expr[1]!.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) actions.add(m[1]!);
          }
          for (const m of head.matchAll(/entityType: '([a-z_]+)'/g)) entityTypes.add(m[1]!);
        }
      }
    }
  };
  walk(path.resolve('src/server'));
  return { actions: [...actions], entityTypes: [...entityTypes] };
}

describe('audit log labels', () => {
  const t = i18n.t.bind(i18n);
  const { actions, entityTypes } = recordedAudits();
  beforeAll(async () => {
    await i18n.init({
      resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
      lng: 'en',
      interpolation: { escapeValue: false },
      showSupportNotice: false,
    });
  });

  it('finds the server’s audit actions (the scan works)', () => {
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'employee.created', 'rating_template.archived']));
    expect(entityTypes).toEqual(expect.arrayContaining(['account', 'work_order']));
  });

  for (const language of ['en', 'zh-CN']) {
    it(`${language}: every recorded action and entity type has a label, not its code`, async () => {
      await i18n.changeLanguage(language);
      for (const action of actions) expect(auditActionText(t, action), action).not.toBe(action);
      for (const type of entityTypes) {
        expect(auditEntityText(t, type), type).not.toBe(type);
        expect(AUDIT_ENTITY_TYPES, `the filter offers ${type}`).toContain(type);
      }
    });
  }

  it('reads the labels: auth.login and work_order', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(auditActionText(t, 'auth.login')).toBe('登录');
    expect(auditEntityText(t, 'work_order')).toBe('工单');
    await i18n.changeLanguage('en');
    expect(auditActionText(t, 'auth.login')).toBe('Signed in');
    expect(auditActionText(t, 'something.new')).toBe('something.new');
  });
});
