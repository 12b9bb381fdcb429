import { randomBytes } from 'node:crypto';
import type { webhookEndpoints } from '../../db/schema/webhooks.js';
import { decryptSecrets, encryptSecrets } from '../channels/secrets.js';

type EncryptedSecrets = (typeof webhookEndpoints.$inferSelect)['secrets'];

/** A new signing secret: `whsec_` + base64 of 32 random bytes (Standard Webhooks "Signature scheme"). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The endpoint's secrets at rest: encrypted with the app secret, the endpoint id as associated data. */
export function sealSecrets(
  appSecret: string,
  endpointId: string,
  secrets: { current: string; previous?: string },
): EncryptedSecrets {
  return encryptSecrets(appSecret, `webhook-endpoint:${endpointId}`, {
    current: secrets.current,
    ...(secrets.previous ? { previous: secrets.previous } : {}),
  });
}

export function openSecrets(
  appSecret: string,
  endpointId: string,
  envelope: EncryptedSecrets,
): { current: string; previous?: string } {
  const plain = decryptSecrets(appSecret, `webhook-endpoint:${endpointId}`, envelope);
  if (!plain.current) throw new Error(`webhook endpoint ${endpointId} has no signing secret`);
  return { current: plain.current, ...(plain.previous ? { previous: plain.previous } : {}) };
}

/**
 * The secrets that sign a delivery made at `at`: the current one, and the previous one while its overlap lasts
 * (the receiver may still verify with it).
 */
export function signingSecretsAt(
  appSecret: string,
  endpoint: { id: string; secrets: EncryptedSecrets; previousSecretExpiresAt: Date | null },
  at: Date,
): string[] {
  const { current, previous } = openSecrets(appSecret, endpoint.id, endpoint.secrets);
  const overlapping = previous && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > at;
  return overlapping ? [current, previous] : [current];
}
