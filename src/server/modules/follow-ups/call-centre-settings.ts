import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client.js';
import type { Actor } from '../../http/principal.js';
import { fieldErrors, issue } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { decryptSecrets, encryptSecrets } from '../channels/secrets.js';
import { readSetting, writeSetting } from '../settings/settings.service.js';
import type { CallCentreAdapter } from './call-centre/adapter.js';
import { createTcccAdapter, TCCC_DEFAULT_ENDPOINT } from './call-centre/tccc.adapter.js';
import { createTelAdapter } from './call-centre/tel.adapter.js';

const KEY = 'call_centre';
/** The secrets' additional authenticated data: they decrypt only as this setting. */
const SECRETS_AAD = 'settings:call_centre';

const tcccFields = {
  secretId: z.string().trim().min(1).max(200).describe('Tencent Cloud API key SecretId.'),
  sdkAppId: z
    .string()
    .regex(/^\d{1,20}$/, 'is not a TCCC application id')
    .describe('TCCC application (应用 ID).'),
  endpoint: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .default(TCCC_DEFAULT_ENDPOINT)
    .describe('API endpoint: ccc.tencentcloudapi.com, or ccc.intl.tencentcloudapi.com on the international site.'),
  region: z.string().trim().max(50).nullable().default(null),
  pushUsername: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('The Basic-auth user name configured for TCCC’s data push (call records) to Rateloop.'),
};

/** The call centre as shown (secrets never leave the server: only whether they are set). */
export const callCentreViewSchema = z.object({
  provider: z.enum(['tel', 'tccc']).describe('`tel`: the agent’s own phone dials a tel: link; `tccc`: click-to-call.'),
  tccc: z.object({ ...tcccFields, secretKeySet: z.boolean(), pushPasswordSet: z.boolean() }).nullable(),
  workOrderOutbound: z
    .boolean()
    .describe('Work orders are outbound call targets: their page offers an Outbound (外呼) button to follow-up staff.'),
  pushUrl: z.string().describe('Where TCCC pushes call records (configure it in TCCC’s data push settings).'),
});
export type CallCentreView = z.infer<typeof callCentreViewSchema>;

export const callCentreBody = z.object({
  provider: z.enum(['tel', 'tccc']),
  workOrderOutbound: z.boolean().default(false),
  tccc: z
    .object({
      ...tcccFields,
      secretKey: z.string().min(1).max(200).optional().describe('Write-only; omitted: keep the stored one.'),
      pushPassword: z.string().min(8).max(200).optional().describe('Write-only; omitted: keep the stored one.'),
    })
    .nullable()
    .default(null),
});

interface Stored {
  provider: 'tel' | 'tccc';
  workOrderOutbound?: boolean;
  tccc: { secretId: string; sdkAppId: string; endpoint: string; region: string | null; pushUsername: string } | null;
  secrets: ReturnType<typeof encryptSecrets> | null;
}

const NONE: Stored = { provider: 'tel', tccc: null, secrets: null };

async function stored(db: DbOrTx): Promise<Stored> {
  return ((await readSetting(db, KEY)) as Stored | undefined) ?? NONE;
}

const pushUrlOf = (publicBaseUrl: string) => `${publicBaseUrl.replace(/\/$/, '')}/api/v1/follow-ups/call-records/tccc`;

export async function getCallCentre(db: DbOrTx, appSecret: string, publicBaseUrl: string): Promise<CallCentreView> {
  const s = await stored(db);
  const secrets = decryptSecrets(appSecret, SECRETS_AAD, s.secrets);
  return {
    provider: s.provider,
    workOrderOutbound: s.workOrderOutbound ?? false,
    tccc: s.tccc ? { ...s.tccc, secretKeySet: !!secrets.secretKey, pushPasswordSet: !!secrets.pushPassword } : null,
    pushUrl: pushUrlOf(publicBaseUrl),
  };
}

export async function updateCallCentre(
  db: Db,
  actor: Actor,
  appSecret: string,
  publicBaseUrl: string,
  input: z.infer<typeof callCentreBody>,
): Promise<CallCentreView> {
  await db.transaction(async (tx) => {
    const before = await stored(tx);
    const old = decryptSecrets(appSecret, SECRETS_AAD, before.secrets);
    const workOrderOutbound = input.workOrderOutbound;
    let next: Stored = { provider: input.provider, workOrderOutbound, tccc: null, secrets: before.secrets };
    if (input.tccc) {
      const { secretKey, pushPassword, ...fields } = input.tccc;
      const secrets = {
        secretKey: secretKey ?? old.secretKey ?? '',
        pushPassword: pushPassword ?? old.pushPassword ?? '',
      };
      const encrypted = encryptSecrets(appSecret, SECRETS_AAD, secrets);
      next = { provider: input.provider, workOrderOutbound, tccc: fields, secrets: encrypted };
      if (input.provider === 'tccc') {
        const missing = [
          ...(secrets.secretKey ? [] : [issue('tccc.secretKey', 'required', 'is required')]),
          ...(secrets.pushPassword ? [] : [issue('tccc.pushPassword', 'required', 'is required')]),
        ];
        if (missing.length) throw fieldErrors(missing);
      }
    } else if (input.provider === 'tccc') {
      throw fieldErrors([issue('tccc', 'required', 'is required for click-to-call')]);
    }
    await writeSetting(tx, KEY, next);
    await recordAudit(tx, actor, {
      action: 'settings.call_centre_updated',
      entityType: 'settings',
      entityId: KEY,
      before: { provider: before.provider, workOrderOutbound: before.workOrderOutbound ?? false, tccc: before.tccc },
      after: { provider: next.provider, workOrderOutbound, tccc: next.tccc },
    });
  });
  return getCallCentre(db, appSecret, publicBaseUrl);
}

/** The adapter the call button uses now: `tel:` links unless click-to-call is configured and chosen. */
export async function callCentreAdapter(db: DbOrTx, appSecret: string): Promise<CallCentreAdapter> {
  const s = await stored(db);
  if (s.provider !== 'tccc' || !s.tccc) return createTelAdapter();
  const { secretKey } = decryptSecrets(appSecret, SECRETS_AAD, s.secrets);
  return createTcccAdapter({
    secretId: s.tccc.secretId,
    secretKey: secretKey ?? '',
    sdkAppId: s.tccc.sdkAppId,
    endpoint: s.tccc.endpoint,
    ...(s.tccc.region ? { region: s.tccc.region } : {}),
  });
}

/** The Basic-auth pair TCCC's pushes must carry; null when click-to-call is not configured (pushes are refused). */
export async function tcccPushCredentials(db: DbOrTx, appSecret: string) {
  const s = await stored(db);
  if (!s.tccc) return null;
  const { pushPassword } = decryptSecrets(appSecret, SECRETS_AAD, s.secrets);
  return pushPassword ? { username: s.tccc.pushUsername, password: pushPassword } : null;
}

/** Whether work orders are outbound call targets (the seed: "After enabling, the Work Order detail page adds an Outbound button"). */
export async function workOrdersAreCallTargets(db: DbOrTx): Promise<boolean> {
  return (await stored(db)).workOrderOutbound ?? false;
}
