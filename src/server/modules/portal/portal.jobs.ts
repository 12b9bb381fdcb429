import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../jobs/queue.js';
import { sendWithConfig } from '../channels/runtime.js';
import { withSendSlot } from '../channels/send-slots.js';
import { configFor } from '../delivery/compose.js';
import { renderMessage } from '../message-templates/message-templates.service.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { CODE_VALID_MINUTES, codeFor, linkTokenFor, markCodeSent, signInCodeRow } from './codes.js';

/**
 * Sends one sign-in code (enqueued with its row, keyed by it: one job per code). The code is computed here from the
 * row's id — it exists in the message only. A code already spent or expired is not sent; the message goes through
 * the organisation's first enabled channel of its kind (the sandbox in the demo shows it), with the `sign_in_code`
 * template of the code's language. The provider's idempotency key is the code's id, so a retried job never sends two.
 */
export const sendSignInCodeJob = defineJob({
  name: 'portal.send_sign_in_code',
  payload: z.object({ codeId: z.uuid() }),
  retryLimit: 2,
  retryDelaySeconds: 10,
  expireInSeconds: 120,
  handler: async ({ codeId }, { database, appSecret, log, now, config: app }) => {
    const db = database.db;
    const row = await signInCodeRow(db, codeId);
    if (!row || row.consumedAt || row.sentAt || row.expiresAt.getTime() <= now().getTime()) return;
    const config = await configFor(db, row.channel);
    if (!config) {
      log.warn({ codeId, channel: row.channel }, 'sign-in code not sent: no channel of its kind is enabled');
      await markCodeSent(db, codeId, now(), 'no_channel');
      return;
    }
    const profile = await getOrganisationProfile(db);
    const vars = {
      Code: codeFor(appSecret, codeId),
      ValidMinutes: String(CODE_VALID_MINUTES),
      CompanyName: profile.companyName,
      // An e-mail also carries a sign-in link (the same code, spent by a click — on any device).
      SignInURL:
        row.channel === 'email'
          ? `${app.publicBaseUrl}/c/link/${linkTokenFor(appSecret, codeId)}?lang=${row.lang}`
          : '',
    };
    const message = await renderMessage(db, { purpose: 'sign_in_code', channel: row.channel, lang: row.lang, vars });
    const to = row.address.slice(row.address.indexOf(':') + 1);
    const idempotencyKey = `sign-in-code:${codeId}`;
    const result = await withSendSlot(db, config, () =>
      sendWithConfig(
        { db, appSecret },
        config.id,
        message.channel === 'email'
          ? { channel: 'email', to, subject: message.subject, text: message.text, html: message.html, idempotencyKey }
          : {
              channel: 'sms',
              to,
              text: message.channel === 'sms' ? message.text : '',
              params: vars,
              purpose: 'sign_in_code',
              idempotencyKey,
            },
      ),
    );
    if (!result.ok) {
      log.warn({ codeId, code: result.code, kind: result.kind }, 'sign-in code not sent');
      await markCodeSent(db, codeId, now(), result.code);
      if (result.kind === 'transient') throw new Error(`sign-in code not sent: ${result.code}`);
      return;
    }
    await markCodeSent(db, codeId, now(), null);
  },
});

export const portalJobs: JobDefinition[] = [sendSignInCodeJob];
