import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { AppContext } from '../../context.js';
import { ANONYMOUS_BODY_LIMIT } from '../../http/body-limits.js';
import { acceptFormPosts } from '../../public-pages/form-body.js';
import { findInvitation } from '../invitations/invitations.service.js';
import { escapeHtml } from '../message-templates/render.js';
import { contactKeyOf, parseUnsubscribeToken, recordOptOut } from './opt-outs.js';

type Lang = 'zh-CN' | 'en';
const TEXT = {
  'zh-CN': {
    title: '退订服务评价邀请',
    ask: '不再通过此渠道接收服务评价邀请？',
    button: '确认退订',
    done: '已退订。您将不再通过此渠道收到评价邀请。',
    unknown: '此退订链接无效。',
  },
  en: {
    title: 'Unsubscribe from rating invitations',
    ask: 'Stop receiving service rating invitations on this channel?',
    button: 'Unsubscribe',
    done: 'You are unsubscribed. You will not receive rating invitations on this channel any more.',
    unknown: 'This unsubscribe link is not valid.',
  },
} as const;

function page(reply: FastifyReply, status: number, lang: Lang, body: string) {
  const t = TEXT[lang];
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex')
    .send(
      `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" ` +
        `content="width=device-width,initial-scale=1"><title>${escapeHtml(t.title)}</title><style>body{font:16px ` +
        `system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}button{font-size:1.1rem;padding:.8rem ` +
        `1.6rem}</style></head><body><h1>${escapeHtml(t.title)}</h1>${body}</body></html>`,
    );
}

/**
 * `/u/<token>`: the unsubscribe link of an invitation's channel (e-mail `List-Unsubscribe`). GET only shows a
 * confirmation button (mail scanners follow links); a POST — the button, or RFC 8058 one-click
 * `List-Unsubscribe=One-Click` — records the opt-out.
 */
export const unsubscribeRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    acceptFormPosts(app);
    const resolve = async (token: string, acceptLanguage: string | undefined) => {
      const parsed = parseUnsubscribeToken(ctx.appSecret, token);
      const inv = parsed ? await findInvitation(ctx.db, parsed.invitationId) : null;
      const locale = inv?.contact.locale ?? acceptLanguage ?? '';
      const lang: Lang = /^en/i.test(locale) ? 'en' : 'zh-CN';
      const key = inv && parsed ? contactKeyOf(inv.contact, parsed.channel) : null;
      return { parsed, inv, key, lang };
    };

    app.get<{ Params: { token: string } }>(
      '/u/:token',
      { config: { rateLimit: { max: 60, timeWindow: '1 minute' } }, schema: { hide: true } },
      async (req, reply) => {
        const { key, lang } = await resolve(req.params.token, req.headers['accept-language']);
        if (!key) return page(reply, 404, lang, `<p>${TEXT[lang].unknown}</p>`);
        return page(
          reply,
          200,
          lang,
          `<p>${TEXT[lang].ask}</p><form method="post"><button type="submit" name="confirm" value="1">` +
            `${TEXT[lang].button}</button></form>`,
        );
      },
    );

    app.post<{ Params: { token: string } }>(
      '/u/:token',
      {
        config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
        bodyLimit: ANONYMOUS_BODY_LIMIT,
        schema: { hide: true },
      },
      async (req, reply) => {
        const { parsed, inv, key, lang } = await resolve(req.params.token, req.headers['accept-language']);
        if (!key || !parsed || !inv) return page(reply, 404, lang, `<p>${TEXT[lang].unknown}</p>`);
        const fields = (req.body ?? {}) as Record<string, unknown>;
        const source = fields['List-Unsubscribe'] === 'One-Click' ? 'one_click' : 'unsubscribe_page';
        await recordOptOut(ctx.db, { contactKey: key, channel: parsed.channel, source, invitationId: inv.id });
        return page(reply, 200, lang, `<p>${TEXT[lang].done}</p>`);
      },
    );
  };
