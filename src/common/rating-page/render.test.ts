import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEXT_MAX_LENGTH, type Dimension } from '../scoring/types.js';
import { PAGE_CSS } from './page.css.js';
import { PAGE_JS } from './page.js.js';
import {
  CSRF_FIELD,
  FORM_TOKEN_FIELD,
  type RatingPageInput,
  renderRatingPage,
  TEXT_MAX_LENGTH_DEFAULT,
} from './render.js';
import { ALL_TYPES_DIMENSIONS, SAMPLE_DIMENSIONS } from './sample-template.js';
import { t } from './strings.js';

function page(over: Partial<RatingPageInput> = {}, dimensions: Dimension[] = ALL_TYPES_DIMENSIONS): string {
  return renderRatingPage({
    template: { layout: 'vertical', dimensions },
    lang: 'zh-CN',
    company: { name: '安居家电' },
    workOrder: { number: 'WO-1', subject: '空调维修' },
    formAction: '/r/tok123',
    assets: { css: 'inline', script: 'inline' },
    ...over,
  });
}

/** The `<fieldset>` of one question. */
function fieldset(html: string, key: string): string {
  const m = new RegExp(`<fieldset [^>]*id="q-${key}"[\\s\\S]*?</fieldset>`).exec(html);
  if (!m) throw new Error(`no fieldset for ${key}`);
  return m[0];
}

function inputs(html: string): string[] {
  return html.match(/<input [^>]*>/g) ?? [];
}

const valuesOf = (html: string) => inputs(html).map((i) => /value="([^"]*)"/.exec(i)?.[1]);

describe('document', () => {
  const html = page();
  it('is a complete phone-first document', () => {
    expect(html.startsWith('<!doctype html><html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">');
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
    expect(html).toContain('<title>服务评价 · 安居家电</title>');
    expect(html.endsWith('</body></html>')).toBe(true);
  });

  it('posts a plain urlencoded form to the action', () => {
    expect(html).toMatch(
      /<form class="rf" method="post" action="\/r\/tok123" accept-charset="utf-8" enctype="application\/x-www-form-urlencoded"/,
    );
    expect(html).toMatch(/<button class="btn" type="submit"[^>]*>提交评价<\/button>/);
  });

  it('shows the company and the work order, nothing else', () => {
    expect(html).toContain('<span>安居家电</span>');
    expect(html).toContain(
      '<span class="wo-l">工单</span><span class="wo-n">WO-1</span><span class="wo-s">空调维修</span>',
    );
  });

  it('inlines CSS and JS with the nonce, or links them', () => {
    const inline = page({ nonce: 'abc123' });
    expect(inline).toContain(`<style nonce="abc123">${PAGE_CSS}</style>`);
    expect(inline).toContain(`<script nonce="abc123">${PAGE_JS}</script>`);
    const linked = page({ assets: { css: { href: '/r/assets/page.css' }, script: { src: '/r/assets/page.js' } } });
    expect(linked).toContain('<link rel="stylesheet" href="/r/assets/page.css">');
    expect(linked).toContain('<script src="/r/assets/page.js" defer></script>');
    expect(linked).not.toContain('<style');
    const noScript = page({ assets: { css: 'inline', script: 'none' } });
    expect(noScript).not.toContain('<script');
  });

  it('has no external URL except the company logo', () => {
    expect(page()).not.toMatch(/https?:\/\//);
    const withLogo = page({ company: { name: 'X', logoUrl: 'https://cdn.example.com/logo.png' } });
    expect(withLogo.match(/https?:\/\/[^"'\s)]+/g)).toEqual(['https://cdn.example.com/logo.png']);
    expect(withLogo).toContain(
      '<img class="logo" src="https://cdn.example.com/logo.png" alt="" width="40" height="40">',
    );
  });

  it('refuses a dangerous logo URL', () => {
    const html = page({ company: { name: 'X', logoUrl: 'javascript:alert(1)' } });
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('<img');
  });

  it('adds hidden transport fields, escaped', () => {
    const html = page({ csrf: 'c"1', formToken: 'f<2' });
    expect(html).toContain(`<input type="hidden" name="${CSRF_FIELD}" value="c&quot;1">`);
    expect(html).toContain(`<input type="hidden" name="${FORM_TOKEN_FIELD}" value="f&lt;2">`);
  });

  it('marks the preview', () => {
    const html = page({ preview: true });
    expect(html).toContain('<html lang="zh-CN" data-preview>');
    expect(html).toMatch(/<form class="rf"[^>]* data-preview>/);
    expect(page({ assets: { css: 'inline', script: 'none' } })).not.toContain('data-preview');
  });
});

describe('widgets', () => {
  const html = page();

  it('star5: five radios 1–5 with visible stars and a caption', () => {
    const fs = fieldset(html, 'response_speed');
    expect(valuesOf(fs)).toEqual(['1', '2', '3', '4', '5']);
    for (const i of inputs(fs))
      expect(i).toMatch(/^<input class="vh" type="radio" name="response_speed" id="q-response_speed-\d"/);
    expect(fs).toContain(
      '<label for="q-response_speed-4"><span aria-hidden="true">★</span><span class="cap">5 星 · 非常满意</span></label>',
    );
    expect(fs).toContain('<div class="stars">');
  });

  it('score10: radios 1–10 with end labels', () => {
    const fs = fieldset(html, 'quality');
    expect(valuesOf(fs)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(fs).toContain('<div class="seg">');
    expect(fs).toContain('aria-describedby="q-quality-x"');
  });

  it('nps: radios 0–10 with "not likely / very likely"', () => {
    const fs = fieldset(html, 'nps');
    expect(valuesOf(fs)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(fs).toContain('<div class="seg n11">');
    expect(fs).toContain('<div class="ends" id="q-nps-x"><span>0 = 完全不可能</span><span>10 = 非常可能</span></div>');
    const en = fieldset(page({ lang: 'en' }), 'nps');
    expect(en).toContain('<span>0 = Not likely</span><span>10 = Very likely</span>');
  });

  it('yes_no: two radios yes / no', () => {
    const fs = fieldset(html, 'problem_resolved');
    expect(valuesOf(fs)).toEqual(['yes', 'no']);
    expect(fs).toContain('<label for="q-problem_resolved-0">是</label>');
    expect(fs).toContain('<label for="q-problem_resolved-1">否</label>');
  });

  it('single_choice: radios with the option keys', () => {
    const fs = fieldset(html, 'would_recommend');
    expect(valuesOf(fs)).toEqual(['yes', 'no', 'not_sure']);
    expect(inputs(fs).every((i) => i.includes('type="radio" name="would_recommend"'))).toBe(true);
    expect(fs).toContain('>不确定</label>');
  });

  it('multi_choice: checkboxes sharing the key as name', () => {
    const fs = fieldset(html, 'liked');
    expect(valuesOf(fs)).toEqual(['punctual', 'tidy', 'explained']);
    expect(inputs(fs).every((i) => i.includes('type="checkbox" name="liked"'))).toBe(true);
    expect(fs).toContain('<p class="help" id="q-liked-h">可多选</p>');
  });

  it('text: a textarea with maxlength, labelled by the legend, max shown without JS', () => {
    const fs = fieldset(html, 'suggestions');
    expect(fs).toMatch(
      /<textarea id="q-suggestions-t" name="suggestions" rows="4" maxlength="500" aria-labelledby="q-suggestions-l" aria-describedby="q-suggestions-t-m">/,
    );
    expect(fs).toContain('<span id="q-suggestions-t-m">最多 500 字</span>');
    expect(fs).toContain('<span class="count" id="q-suggestions-t-c" hidden></span>');
    const noMax = fieldset(
      page({}, [{ key: 'c', type: 'text', required: false, weight: 0, label: { 'zh-CN': 'c', en: 'c' } }]),
      'c',
    );
    expect(noMax).toContain(`maxlength="${DEFAULT_TEXT_MAX_LENGTH}"`);
    expect(TEXT_MAX_LENGTH_DEFAULT).toBe(DEFAULT_TEXT_MAX_LENGTH);
  });

  it('every input has a label tied to it', () => {
    for (const input of inputs(html).filter((i) => !i.includes('type="hidden"'))) {
      const id = /id="([^"]+)"/.exec(input)![1];
      expect(html).toContain(`<label for="${id}">`);
    }
  });
});

describe('required, help, errors', () => {
  const html = page();

  it('marks required and optional questions visibly and on the first control', () => {
    const req = fieldset(html, 'response_speed');
    expect(req).toContain(
      '<legend id="q-response_speed-l"><span class="ql">响应速度</span><span class="tag req">必填</span></legend>',
    );
    expect(req).toContain('data-required');
    const radios = inputs(req);
    expect(radios[0]).toContain(' required');
    expect(radios.slice(1).some((r) => r.includes('required'))).toBe(false);
    const opt = fieldset(html, 'quality');
    expect(opt).toContain('<span class="tag opt">选填</span>');
    expect(opt).not.toContain('required');
    expect(fieldset(page({}, [{ ...SAMPLE_DIMENSIONS[5]!, required: true }]), 'suggestions')).toMatch(
      /<textarea [^>]* required>/,
    );
  });

  it('links help text with aria-describedby', () => {
    const fs = fieldset(html, 'response_speed');
    expect(fs).toContain('aria-describedby="q-response_speed-h"');
    expect(fs).toContain('<p class="help" id="q-response_speed-h">从报修到工程师上门的速度</p>');
    expect(fieldset(page({ lang: 'en' }), 'response_speed')).toContain('From your request to the engineer’s arrival');
  });

  it('shows an error with role=alert, aria-invalid and describedby', () => {
    const withErr = page({ errors: { nps: '请完成此项', suggestions: '太长了', _form: '有问题尚未完成' } });
    const fs = fieldset(withErr, 'nps');
    expect(fs).toContain('class="q t-nps has-err"');
    expect(fs).toContain('aria-describedby="q-nps-x q-nps-e"');
    expect(fs).toContain('<p class="err" id="q-nps-e" role="alert">请完成此项</p>');
    expect(inputs(fs).every((i) => i.includes('aria-invalid="true"'))).toBe(true);
    const text = fieldset(withErr, 'suggestions');
    expect(text).toMatch(
      /<textarea [^>]*aria-describedby="q-suggestions-e q-suggestions-t-m"[^>]* aria-invalid="true">/,
    );
    expect(withErr).toContain('<div class="banner" role="alert">有问题尚未完成</div>');
    // Without errors: an empty, silent error area and no aria-invalid.
    expect(fieldset(html, 'nps')).toContain('<p class="err" id="q-nps-e"></p>');
    const noScript = page({ assets: { css: { href: '/p.css' }, script: 'none' } });
    expect(noScript).not.toContain('aria-invalid');
    expect(noScript).not.toContain('role="alert"');
  });
});

describe('values re-filled after a failed post', () => {
  const html = page({
    values: {
      response_speed: 4,
      quality: 10,
      nps: 0,
      problem_resolved: false,
      would_recommend: 'not_sure',
      liked: ['punctual', 'explained'],
      suggestions: '\n师傅 <很> 专业 & 准时',
    },
  });
  const checked = (key: string) =>
    valuesOf(
      inputs(fieldset(html, key))
        .filter((i) => i.includes(' checked'))
        .join(''),
    );

  it('checks the answered radios and checkboxes', () => {
    expect(checked('response_speed')).toEqual(['4']);
    expect(checked('quality')).toEqual(['10']);
    expect(checked('nps')).toEqual(['0']);
    expect(checked('problem_resolved')).toEqual(['no']);
    expect(checked('would_recommend')).toEqual(['not_sure']);
    expect(checked('liked')).toEqual(['punctual', 'explained']);
  });

  it('re-fills the text, escaped, keeping a leading newline', () => {
    expect(fieldset(html, 'suggestions')).toContain('>\n\n师傅 &lt;很&gt; 专业 &amp; 准时</textarea>');
  });

  it('checks yes for true and nothing for garbage', () => {
    expect(
      valuesOf(
        inputs(fieldset(page({ values: { problem_resolved: true } }), 'problem_resolved'))
          .filter((i) => i.includes(' checked'))
          .join(''),
      ),
    ).toEqual(['yes']);
    const garbage = page({ values: { response_speed: 'abc', nps: 11, problem_resolved: 'maybe' } });
    expect(garbage).not.toContain(' checked');
  });
});

describe('layouts and languages', () => {
  it('puts the layout class on the page', () => {
    expect(page()).toContain('<main class="page l-v">');
    expect(page({ template: { layout: 'horizontal', dimensions: SAMPLE_DIMENSIONS } })).toContain(
      '<main class="page l-h">',
    );
    expect(PAGE_CSS).toContain('@media (min-width:600px){');
    expect(PAGE_CSS).toContain('.l-h .q>legend{width:36%');
  });

  it('renders English', () => {
    const html = page({ lang: 'en' });
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(html).toContain('<span class="wo-l">Work order</span>');
    expect(html).toContain('<span class="tag req">Required</span>');
    expect(html).toContain('<span class="tag opt">Optional</span>');
    expect(html).toContain('>Submit rating</button>');
    expect(html).toContain('<label for="q-problem_resolved-0">Yes</label>');
    expect(html).toContain('<span class="ql">Response speed</span>');
    expect(html).toContain(`data-msg-required="${t('en', 'errorRequired')}"`);
    expect(html).not.toMatch(/必填|选填|提交|工单/);
  });

  it('uses a system font stack with Chinese fonts and no web fonts', () => {
    for (const font of ['PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC']) expect(PAGE_CSS).toContain(font);
    expect(PAGE_CSS).not.toMatch(/@font-face|@import|url\(/);
  });

  it('has focus-visible rings and thumb-sized targets', () => {
    expect(PAGE_CSS).toContain(':focus-visible{outline:3px solid #1d4ed8');
    expect(PAGE_CSS).toContain('.vh:focus-visible+label{outline:3px solid');
    expect(PAGE_CSS).toMatch(/\.stars label\{[^}]*width:52px;height:52px/);
    expect(PAGE_CSS).toMatch(/\.seg label,\.yn label\{[^}]*min-height:48px/);
    expect(PAGE_CSS).toMatch(/\.btn\{[^}]*width:100%;min-height:54px/);
  });
});

describe('escaping', () => {
  const evil = '<script>alert(1)</script>"';
  it('makes every interpolated value inert', () => {
    const html = page(
      {
        company: { name: evil },
        workOrder: { number: evil, subject: evil },
        formAction: '/r/x"><script>alert(2)</script>',
        errors: { quality: evil, _form: evil },
        values: { suggestions: `</textarea>${evil}` },
      },
      [
        ...ALL_TYPES_DIMENSIONS,
        {
          key: 'evil',
          type: 'single_choice',
          required: false,
          weight: 0,
          label: { 'zh-CN': evil, en: evil },
          help: { 'zh-CN': evil },
          options: [{ key: 'o', label: { 'zh-CN': evil, en: evil } }],
        },
      ],
    );
    const scripts = html.match(/<script/g) ?? [];
    expect(scripts).toHaveLength(1); // only the page's own script
    expect(html).not.toContain('alert(1)</script>');
    expect(html).not.toContain('</textarea><script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;');
    expect(html).toContain('action="/r/x&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"');
  });
});

describe('page weight', () => {
  it('keeps the first view of the default template under 20 KB gzipped', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const html = page(
        { lang, csrf: 'x'.repeat(43), formToken: 'y'.repeat(43), nonce: 'n'.repeat(22) },
        SAMPLE_DIMENSIONS,
      );
      const raw = Buffer.byteLength(html);
      const gz = gzipSync(html).length;
      console.info(`rating page (${lang}, default template, inline CSS+JS): ${raw} B raw, ${gz} B gzipped`);
      expect(gz).toBeLessThan(20 * 1024);
    }
  });
});
