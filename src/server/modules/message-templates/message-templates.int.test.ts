import '../../../../test/support/no-network.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { renderMessage } from './message-templates.service.js';

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['loginAs']>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
});
afterAll(async () => {
  await t?.close();
});

const vars = {
  URL: 'https://rate.example.com/r/tok?a=1&b=2',
  WorkOrderNumber: 'WO-7',
  Subject: '<script>alert(1)</script>',
  CustomerName: 'Tom & Jerry',
  EngineerName: '李工',
  CompletedAt: '2025-03-15 14:30',
  UnsubscribeURL: 'https://rate.example.com/u/tok',
};

describe('message templates', () => {
  it('has defaults in zh-CN and en modelled on the CRM example', async () => {
    const res = await admin.get('/api/v1/message-templates');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      channel: string;
      lang: string;
      content: { text?: string };
      isDefault: boolean;
    }[];
    expect(items).toHaveLength(6);
    expect(items.find((i) => i.channel === 'sms' && i.lang === 'zh-CN')!.content.text).toBe(
      '尊敬的客户：您的工单【#WorkOrderNumber# #Subject#】已处理完毕。为了给您提供更好的服务，请对本次服务进行评价：#URL#',
    );
    expect(items.find((i) => i.channel === 'sms' && i.lang === 'en')!.content.text).toBe(
      'Dear customer: your work order [#WorkOrderNumber# #Subject#] has been completed. To help us serve you better, please rate this service: #URL#',
    );
    expect(items.every((i) => i.isDefault)).toBe(true);
  });

  it('rejects unknown variables and a missing #URL#, naming the field and the variable', async () => {
    const unknown = await admin.request({
      method: 'PUT',
      url: '/api/v1/message-templates/sms/en',
      payload: { content: { text: 'Hi #Name#, rate: #URL#' } },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      {
        path: 'content.text',
        message: 'unknown variable #Name#',
        code: 'unknown_variable',
        params: { name: '#Name#' },
      },
    ]);

    const noUrl = await admin.request({
      method: 'PUT',
      url: '/api/v1/message-templates/email/en',
      payload: { content: { subject: 'Rate', html: '<p>Rate us</p>', text: 'Rate: #URL#' } },
    });
    expect(noUrl.json().errors).toEqual([
      { path: 'content.html', message: 'must contain the link variable #URL#', code: 'missing_link_variable' },
    ]);

    const smsUnsub = await admin.request({
      method: 'PUT',
      url: '/api/v1/message-templates/sms/zh-CN',
      payload: { content: { text: '#URL# #UnsubscribeURL#' } },
    });
    expect(smsUnsub.json().errors[0]).toEqual({
      path: 'content.text',
      message: 'unknown variable #UnsubscribeURL#',
      code: 'unknown_variable',
      params: { name: '#UnsubscribeURL#' },
    });

    const wechatNoUrl = await admin.request({
      method: 'PUT',
      url: '/api/v1/message-templates/wechat/zh-CN',
      payload: { content: { templateId: 'TPL_1', fields: { first: '您好', keyword1: '#WorkOrderNumber#' } } },
    });
    expect(wechatNoUrl.statusCode).toBe(200); // the link is the message's url field, not text
  });

  it('saves, renders for delivery with HTML escaping in HTML only, and resets', async () => {
    const saved = await admin.request({
      method: 'PUT',
      url: '/api/v1/message-templates/email/en',
      payload: {
        content: {
          subject: 'Rate #Subject#',
          html: '<h1>#Subject#</h1><p>#CustomerName#</p><a href="#URL#">Rate</a>',
          text: '#Subject# — #URL#',
        },
      },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().isDefault).toBe(false);
    const email = await renderMessage(t.ctx.db, { channel: 'email', lang: 'en', vars });
    expect(email).toEqual({
      channel: 'email',
      subject: 'Rate <script>alert(1)</script>',
      html: '<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1><p>Tom &amp; Jerry</p><a href="https://rate.example.com/r/tok?a=1&amp;b=2">Rate</a>',
      text: '<script>alert(1)</script> — https://rate.example.com/r/tok?a=1&b=2',
    });
    const audit = await admin.get('/api/v1/audit-events?entityType=message_template');
    expect(audit.json().items[0]).toMatchObject({ action: 'message_template.updated', entityId: 'email:en' });

    const reset = await admin.post('/api/v1/message-templates/email/en/reset');
    expect(reset.json().isDefault).toBe(true);
    const def = await renderMessage(t.ctx.db, { channel: 'email', lang: 'en', vars });
    if (def.channel !== 'email') throw new Error('expected email');
    expect(def.html).toContain('href="https://rate.example.com/r/tok?a=1&amp;b=2"');
    expect(def.html).toContain('&lt;script&gt;');
    expect(def.html).not.toContain('<script>');
    expect(def.text).toContain('https://rate.example.com/u/tok');
  });

  it('previews unsaved content with sample values, and the saved one without content', async () => {
    const preview = await admin.post('/api/v1/message-templates/preview', {
      channel: 'sms',
      lang: 'zh-CN',
      content: { text: '【#WorkOrderNumber#】#URL#' },
      sample: { WorkOrderNumber: 'WO-X' },
    });
    expect(preview.json()).toEqual({
      channel: 'sms',
      text: '【WO-X】https://rate.example.com/r/Xc9kQ2mZpL7vT4nB8sW1yD3fH6jR0aE5gU2iO9kM4qA',
    });
    const saved = await admin.post('/api/v1/message-templates/preview', { channel: 'sms', lang: 'en' });
    expect(saved.json().text).toMatch(
      /^Dear customer: your work order \[WO-20250315-0042 Air conditioner not cooling\]/,
    );
    const bad = await admin.post('/api/v1/message-templates/preview', {
      channel: 'sms',
      lang: 'en',
      content: { text: 'no link' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('is readable and writable by admins only', async () => {
    const analyst = await t.loginAs(['analyst']);
    expect((await analyst.get('/api/v1/message-templates')).statusCode).toBe(403);
  });
});
