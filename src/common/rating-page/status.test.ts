import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cspHash, PAGE_SCRIPT_CSP_HASH, PAGE_STYLE_CSP_HASH, ratingPageCsp } from './csp.js';
import { PAGE_CSS } from './page.css.js';
import { PAGE_JS } from './page.js.js';
import { renderStatusPage, STATUS_HTTP_CODE, type StatusKind } from './render.js';
import { t } from './strings.js';

const KINDS: StatusKind[] = [
  'expired',
  'used',
  'rated',
  'duplicate',
  'unknown',
  'revoked',
  'thanks',
  'rate_limited',
  'too_large',
];
const base = {
  lang: 'zh-CN' as const,
  company: { name: '安居家电' },
  workOrder: { number: 'WO-9', subject: '<b>修</b>' },
  assets: { css: 'inline' as const },
};

describe('renderStatusPage', () => {
  it.each(KINDS)('%s: a clear page in both languages, without script or external URLs', (kind) => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const html = renderStatusPage({ ...base, kind, lang });
      expect(html.startsWith(`<!doctype html><html lang="${lang}">`)).toBe(true);
      expect(html).toContain('<meta name="referrer" content="no-referrer">');
      const key = {
        expired: 'expired',
        used: 'used',
        rated: 'used',
        duplicate: 'duplicate',
        unknown: 'unknown',
        revoked: 'revoked',
        thanks: 'thanks',
        rate_limited: 'rateLimited',
        too_large: 'tooLarge',
      }[kind];
      expect(html).toContain(`<h1 id="st-h">${t(lang, `${key}Title` as 'thanksTitle')}</h1>`);
      expect(html).toContain(`<p>${t(lang, `${key}Body` as 'thanksBody')}</p>`);
      expect(html).not.toContain('<script');
      expect(html).not.toContain('<form');
      expect(html).not.toMatch(/https?:\/\//);
    }
    expect(STATUS_HTTP_CODE[kind]).toBeGreaterThanOrEqual(200);
  });

  it('shows the work order (escaped) except on the unknown page', () => {
    expect(renderStatusPage({ ...base, kind: 'used' })).toContain(
      '<span class="wo-n">WO-9</span><span class="wo-s">&lt;b&gt;修&lt;/b&gt;</span>',
    );
    expect(renderStatusPage({ ...base, kind: 'unknown' })).not.toContain('WO-9');
  });

  it('offers "I am another customer" on the rated and duplicate pages only when given a link', () => {
    for (const kind of ['rated', 'duplicate'] as const) {
      const html = renderStatusPage({ ...base, kind, lang: 'en', anotherCustomerHref: '/r/abc?f=x&y' });
      expect(html).toContain('<a class="btn" href="/r/abc?f=x&amp;y" rel="nofollow">I am another customer</a>');
      expect(renderStatusPage({ ...base, kind, lang: 'zh-CN', anotherCustomerHref: '/r/a' })).toContain(
        '我是另一位客户',
      );
      expect(renderStatusPage({ ...base, kind })).not.toContain('class="another"');
    }
    expect(renderStatusPage({ ...base, kind: 'used', anotherCustomerHref: '/r/a' })).not.toContain('class="another"');
    expect([STATUS_HTTP_CODE.rated, STATUS_HTTP_CODE.duplicate]).toEqual([200, 409]);
  });

  it('offers the contact toggle on a negative thank-you', () => {
    const html = renderStatusPage({
      ...base,
      kind: 'thanks',
      allowContactToggle: true,
      contactAction: '/r/tok/contact',
      csrf: 'c1',
    });
    expect(html).toContain('<form class="contact" method="post" action="/r/tok/contact" accept-charset="utf-8">');
    expect(html).toContain('<input type="hidden" name="_csrf" value="c1">');
    expect(html).toContain(
      '<label class="chk"><input type="checkbox" name="contact" value="yes"><span>希望有人就此事联系我</span></label>',
    );
    expect(html).toContain('<button class="btn" type="submit">确认</button>');
    expect(renderStatusPage({ ...base, kind: 'thanks' })).not.toContain('<form');
    expect(renderStatusPage({ ...base, kind: 'expired', allowContactToggle: true, contactAction: '/x' })).not.toContain(
      '<form',
    );
    const done = renderStatusPage({
      ...base,
      kind: 'thanks',
      lang: 'en',
      allowContactToggle: true,
      contactAction: '/x',
      contactRequested: true,
    });
    expect(done).not.toContain('<form');
    expect(done).toContain('<p role="status">Thank you — we will contact you soon.</p>');
  });

  it('maps kinds to HTTP status codes', () => {
    expect(STATUS_HTTP_CODE).toEqual({
      thanks: 200,
      used: 409,
      rated: 200,
      duplicate: 409,
      expired: 410,
      revoked: 410,
      unknown: 404,
      rate_limited: 429,
      too_large: 413,
    });
  });
});

describe('CSP hashes', () => {
  it('hash the exact inline script and style', () => {
    const b64 = (s: string) => createHash('sha256').update(s).digest('base64');
    expect(PAGE_SCRIPT_CSP_HASH).toBe(`'sha256-${b64(PAGE_JS)}'`);
    expect(PAGE_STYLE_CSP_HASH).toBe(`'sha256-${b64(PAGE_CSS)}'`);
    expect(cspHash('a')).toBe(`'sha256-${b64('a')}'`);
    const csp = ratingPageCsp({ logoOrigin: 'https://cdn.example.com' });
    expect(csp).toContain(`script-src ${PAGE_SCRIPT_CSP_HASH}`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("img-src 'self' data: https://cdn.example.com");
  });

  it('keeps the browser files free of Node imports', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const file of ['render.ts', 'strings.ts', 'page.css.ts', 'page.js.ts', 'parse.ts', 'escape.ts', 'index.ts']) {
      const source = await readFile(new URL(file, import.meta.url), 'utf8');
      expect(source, file).not.toMatch(/from 'node:|require\(/);
    }
  });
});
