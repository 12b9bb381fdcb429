import '../../../../test/support/no-network.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { messageTemplates } from '../../db/schema/message-templates.js';
import { renderMessage } from './message-templates.service.js';
import { MESSAGE_PURPOSES } from './purposes.js';

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
    const items = (
      res.json().items as {
        purpose: string;
        channel: string;
        lang: string;
        content: { text?: string };
        isDefault: boolean;
      }[]
    ).filter((i) => i.purpose === 'invitation');
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
      url: '/api/v1/message-templates/invitation/sms/en',
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
      url: '/api/v1/message-templates/invitation/email/en',
      payload: { content: { subject: 'Rate', html: '<p>Rate us</p>', text: 'Rate: #URL#' } },
    });
    expect(noUrl.json().errors).toEqual([
      {
        path: 'content.html',
        message: 'must contain the link variable #URL# or #ShortURL#',
        code: 'missing_link_variable',
      },
    ]);

    const smsUnsub = await admin.request({
      method: 'PUT',
      url: '/api/v1/message-templates/invitation/sms/zh-CN',
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
      url: '/api/v1/message-templates/invitation/wechat/zh-CN',
      payload: { content: { templateId: 'TPL_1', fields: [{ key: 'character_string1', text: '#WorkOrderNumber#' }] } },
    });
    expect(wechatNoUrl.statusCode).toBe(200); // the link is the message's url field, not text

    const shortLink = await admin.request({
      method: 'PUT',
      url: '/api/v1/message-templates/reminder/sms/en',
      payload: { content: { text: 'Please rate #WorkOrderNumber#: #ShortURL#' } },
    });
    expect(shortLink.statusCode).toBe(200); // the short link opens the same rating page
  });

  it('saves, renders for delivery with HTML escaping in HTML only, and resets', async () => {
    const saved = await admin.request({
      method: 'PUT',
      url: '/api/v1/message-templates/invitation/email/en',
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
    expect(audit.json().items[0]).toMatchObject({
      action: 'message_template.updated',
      entityId: 'invitation:email:en',
    });

    const reset = await admin.post('/api/v1/message-templates/invitation/email/en/reset');
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

  it('has a default for every purpose × channel × language, each valid for its purpose', async () => {
    const res = await admin.get('/api/v1/message-templates');
    const body = res.json() as {
      items: { purpose: string; channel: string; lang: string; content: Record<string, unknown>; isDefault: boolean }[];
      purposes: { purpose: string; required: string; variables: Record<string, string[]> }[];
    };
    expect(body.items).toHaveLength(MESSAGE_PURPOSES.length * 3 * 2);
    expect(body.purposes.map((p) => [p.purpose, p.required])).toEqual([
      ['invitation', 'URL'],
      ['reminder', 'URL'],
      ['alert', 'ConsoleURL'],
      ['report', 'ReportURL'],
      ['sign_in_code', 'Code'],
    ]);
    expect(body.purposes.find((p) => p.purpose === 'alert')!.variables.sms).toEqual(
      expect.arrayContaining(['WorkOrderNumber', 'Score', 'CustomerName', 'Deadline', 'ConsoleURL']),
    );
    expect(body.purposes.find((p) => p.purpose === 'alert')!.variables.email).not.toContain('UnsubscribeURL');
    expect(body.purposes.find((p) => p.purpose === 'sign_in_code')!.variables.sms).toEqual([
      'Code',
      'ValidMinutes',
      'CompanyName',
    ]);
    // Every default passes the same checks as a saved template (templateId aside, which the admin sets).
    for (const item of body.items) {
      const content = item.channel === 'wechat' ? { ...item.content, templateId: 'TPL_x' } : item.content;
      const preview = await admin.post('/api/v1/message-templates/preview', {
        purpose: item.purpose,
        channel: item.channel,
        lang: item.lang,
        content,
      });
      expect(preview.statusCode, `${item.purpose} ${item.channel} ${item.lang}: ${preview.body}`).toBe(200);
    }
    const wechat = body.items.find((i) => i.purpose === 'invitation' && i.channel === 'wechat' && i.lang === 'en')!;
    expect(wechat.content.fields).toEqual([
      { key: 'character_string1', text: '#WorkOrderNumber#' },
      { key: 'thing2', text: '#Subject#' },
      { key: 'time3', text: '#CompletedAt#' },
      { key: 'thing4', text: '#EngineerName#' },
    ]);
  });

  it('keeps a template per purpose: saving a reminder leaves the invitation alone, the variables follow the purpose', async () => {
    const saved = await admin.request({
      method: 'PUT',
      url: '/api/v1/message-templates/reminder/sms/zh-CN',
      payload: { content: { text: '提醒：请评价工单 #WorkOrderNumber#：#URL#' } },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ purpose: 'reminder', isDefault: false });
    const vars = { URL: 'https://r.example/r/t', WorkOrderNumber: 'WO-9' };
    expect(await renderMessage(t.ctx.db, { purpose: 'reminder', channel: 'sms', lang: 'zh-CN', vars })).toEqual({
      channel: 'sms',
      text: '提醒：请评价工单 WO-9：https://r.example/r/t',
    });
    const invitation = await renderMessage(t.ctx.db, { channel: 'sms', lang: 'zh-CN', vars });
    if (invitation.channel !== 'sms') throw new Error('expected sms');
    expect(invitation.text).toMatch(/^尊敬的客户/);

    const alertWithUrl = await admin.request({
      method: 'PUT',
      url: '/api/v1/message-templates/alert/sms/en',
      payload: { content: { text: 'Low rating #Score#: #URL#' } },
    });
    expect(alertWithUrl.json().errors).toEqual([
      { path: 'content.text', message: 'unknown variable #URL#', code: 'unknown_variable', params: { name: '#URL#' } },
      {
        path: 'content.text',
        message: 'must contain the variable #ConsoleURL#',
        code: 'missing_required_variable',
        params: { name: '#ConsoleURL#' },
      },
    ]);
    const code = await admin.post('/api/v1/message-templates/preview', {
      purpose: 'sign_in_code',
      channel: 'sms',
      lang: 'en',
      content: { text: 'Code #Code#, #ValidMinutes# min' },
    });
    expect(code.json()).toEqual({ channel: 'sms', text: 'Code 482913, 10 min' });
  });

  it('checks each WeChat field against its type with sample values, at save and in the preview', async () => {
    const put = (fields: { key: string; text: string }[], lang = 'zh-CN') =>
      admin.request({
        method: 'PUT',
        url: `/api/v1/message-templates/invitation/wechat/${lang}`,
        payload: { content: { templateId: 'TPL_1', fields } },
      });
    const bad = await put([
      { key: 'first', text: '您好' },
      { key: 'character_string2', text: '工单 #WorkOrderNumber#' },
      { key: 'phrase3', text: '#Subject#' },
      { key: 'time4', text: '#CompletedAt# 完成' },
      { key: 'widget5', text: '#Subject#' },
      { key: 'number6', text: '' },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['content.fields.0.key', 'wechat_field_obsolete'],
      ['content.fields.1.text', 'wechat_field_format'],
      ['content.fields.2.text', 'wechat_field_too_long'], // 7 Chinese characters, phrase takes 5
      ['content.fields.3.text', 'wechat_field_format'],
      ['content.fields.4.key', 'wechat_unknown_field_type'],
      ['content.fields.5.text', 'wechat_field_empty'],
    ]);
    const tooLong = await put([{ key: 'character_string1', text: '#WorkOrderNumber#-#WorkOrderNumber#' }], 'en');
    expect(tooLong.json().errors).toEqual([
      {
        path: 'content.fields.0.text',
        code: 'wechat_field_too_long',
        message: 'with sample values, exceeds 32 characters for character_string',
        params: { max: 32, type: 'character_string' },
      },
    ]);
    // A thing may be long: it is cut with an ellipsis when sent.
    expect((await put([{ key: 'thing1', text: '#Subject# — #CompanyName# — #EngineerName#' }], 'en')).statusCode).toBe(
      200,
    );
    const preview = await admin.post('/api/v1/message-templates/preview', {
      channel: 'wechat',
      lang: 'en',
      content: { templateId: 'TPL_1', fields: [{ key: 'thing1', text: '#Subject# — #CompanyName#' }] },
    });
    expect(preview.json().data).toEqual({ thing1: 'Air conditioner not…' });
    const previewBad = await admin.post('/api/v1/message-templates/preview', {
      channel: 'wechat',
      lang: 'en',
      content: { templateId: 'TPL_1', fields: [{ key: 'phrase1', text: 'done' }] },
    });
    expect(previewBad.statusCode).toBe(400);
    expect(previewBad.json().errors[0]).toMatchObject({ path: 'content.fields.0.text', code: 'wechat_field_format' });
  });

  it('upgrades a WeChat template saved in the old shape when read: first/remark dropped, keywords kept', async () => {
    await t.ctx.db
      .insert(messageTemplates)
      .values({
        channel: 'wechat',
        lang: 'en',
        content: {
          templateId: 'TPL_old',
          fields: { first: 'Hello', keyword1: '#WorkOrderNumber#', keyword2: '#Subject#', remark: 'Thanks' },
        },
      })
      .onConflictDoUpdate({
        target: [messageTemplates.purpose, messageTemplates.channel, messageTemplates.lang],
        set: {
          content: {
            templateId: 'TPL_old',
            fields: { first: 'Hello', keyword1: '#WorkOrderNumber#', keyword2: '#Subject#', remark: 'Thanks' },
          },
        },
      });
    const list = await admin.get('/api/v1/message-templates');
    const item = list
      .json()
      .items.find(
        (i: { purpose: string; channel: string; lang: string }) =>
          i.purpose === 'invitation' && i.channel === 'wechat' && i.lang === 'en',
      );
    expect(item.content).toEqual({
      templateId: 'TPL_old',
      fields: [
        { key: 'keyword1', text: '#WorkOrderNumber#' },
        { key: 'keyword2', text: '#Subject#' },
      ],
    });
    const r = await renderMessage(t.ctx.db, {
      channel: 'wechat',
      lang: 'en',
      vars: { URL: 'https://r.example/r/t', WorkOrderNumber: 'WO-1', Subject: 'A very long subject line past twenty' },
    });
    expect(r).toEqual({
      channel: 'wechat',
      templateId: 'TPL_old',
      url: 'https://r.example/r/t',
      data: { keyword1: 'WO-1', keyword2: 'A very long subject…' },
    });
  });

  it('is readable and writable by admins only', async () => {
    const analyst = await t.loginAs(['analyst']);
    expect((await analyst.get('/api/v1/message-templates')).statusCode).toBe(403);
  });
});
