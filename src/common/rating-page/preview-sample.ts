/**
 * Writes sample rating pages for a visual check:
 *   npx tsx src/common/rating-page/preview-sample.ts
 * → /tmp/rating-page-{zh-CN,en}-{vertical,horizontal}.html (the default-like template),
 *   /tmp/rating-page-{zh-CN,en}-all.html (every widget, with an error and re-filled values),
 *   /tmp/rating-status-<kind>-<lang>.html.
 */
import { writeFileSync } from 'node:fs';
import { renderRatingPage, renderStatusPage, type StatusKind } from './render.js';
import { ALL_TYPES_DIMENSIONS, SAMPLE_DIMENSIONS } from './sample-template.js';
import { PAGE_LANGS, t } from './strings.js';

const company = { name: '安居家电售后服务' };
const workOrder = { number: 'WO-20240612-0042', subject: '客厅空调不制冷，外机异响' };
const assets = { css: 'inline', script: 'inline' } as const;
const written: string[] = [];

function write(path: string, html: string) {
  writeFileSync(path, html);
  written.push(path);
}

for (const lang of PAGE_LANGS) {
  for (const layout of ['vertical', 'horizontal'] as const) {
    const html = renderRatingPage({
      template: { layout, dimensions: SAMPLE_DIMENSIONS },
      lang,
      company,
      workOrder,
      formAction: '/r/sample-token',
      assets,
    });
    write(`/tmp/rating-page-${lang}-${layout}.html`, html);
  }
  write(
    `/tmp/rating-page-${lang}-all.html`,
    renderRatingPage({
      template: { layout: 'vertical', dimensions: ALL_TYPES_DIMENSIONS },
      lang,
      company,
      workOrder,
      formAction: '/r/sample-token',
      values: { response_speed: 4, quality: 8, problem_resolved: false, liked: ['tidy'], suggestions: '师傅很专业' },
      errors: { nps: t(lang, 'errorRequired'), _form: t(lang, 'errorForm') },
      assets,
    }),
  );
  for (const kind of ['expired', 'used', 'unknown', 'revoked', 'thanks', 'rate_limited', 'too_large'] as StatusKind[]) {
    write(
      `/tmp/rating-status-${kind}-${lang}.html`,
      renderStatusPage({
        kind,
        lang,
        company,
        workOrder,
        allowContactToggle: kind === 'thanks',
        contactAction: '/r/sample-token/contact',
        assets,
      }),
    );
  }
}
console.log(written.join('\n'));
